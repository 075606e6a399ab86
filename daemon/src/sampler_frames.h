#pragma once

#include "ember/profile/profile.h"

namespace ember::daemon {

// A preloaded sampler's pick is captured inside the sampler, at its marker system call: the
// innermost user frames are the sampler's own (the kernel part is dropped with the record, see
// to_stack_sample). Leaves each stack starting at the allocation function the program called
// (malloc, calloc, ...): the outermost frame in `library` (a file name), with only its
// outermost inline function.
void trim_sampler_frames(profile::Profile& profile, const std::string& library);

}  // namespace ember::daemon

#pragma once

#include <string>

#include "ember/result.h"

namespace ember::daemon {

// The preloaded allocation sampler (a shared library built with ember): next to the running
// executable, else where the build put it. Fails with one line when neither exists.
Result<std::string> alloc_sampler_path();

}  // namespace ember::daemon

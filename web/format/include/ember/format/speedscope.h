// speedscope's JSON file format (https://www.speedscope.app/file-format-schema.json).
#pragma once

#include <string>

#include "ember/profile/profile.h"

namespace ember::format {

// One "sampled" profile per sample type, all sharing one frame table (a frame per function).
// Samples keep the profile's order, stably sorted by time, so speedscope's time-order view
// follows collection; samples whose value is zero are left out of that type's profile.
std::string write_speedscope(const profile::Profile& profile);

}  // namespace ember::format

// What each profile of a recording is: its name, how people read it, the mode that records it,
// the records it is made of and its sample types. One table that the recording, the command
// line, emberd and the UI's labels all read.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "ember/daemon/recording.h"

namespace ember::daemon {

struct ProfileSource {
  std::string_view name;   // the profile's name: "cpu", "offcpu", "wakers"...
  std::string_view label;  // for people: "On-CPU", "Off-CPU"...
  Mode mode;               // the mode that records it
  uint32_t source;         // enum ember_source of its records; 0: made from other profiles
  // Sample types: a count, then what each sample weighs (the profile's default).
  std::string_view count_type, count_unit, value_type, value_unit;
  bool wakers_only = false;  // only while RecordingOptions::offcpu_wakers
};

// Every profile a recording can give, in the order they are listed for one mode.
std::span<const ProfileSource> profile_sources();

// The source whose records carry `source` (enum ember_source), or null.
const ProfileSource* profile_source(uint32_t source);

}  // namespace ember::daemon

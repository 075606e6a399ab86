// A static flame graph as one SVG document (no script), like flamegraph.pl's.
#pragma once

#include <string>

#include "ember/profile/profile.h"

namespace ember::format {

// Root at the bottom, callees above, siblings merged by function name and sorted by name.
// Each frame has a <title> tooltip with its value and share. Names and `title` are XML-escaped
// and invalid UTF-8 is replaced, so any symbol name yields a well-formed document.
std::string write_svg(const profile::Profile& profile, int value_index, const std::string& title);

}  // namespace ember::format

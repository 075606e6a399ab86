#pragma once

#include <string>
#include <unordered_map>

#include "ember/profile/profile.h"

namespace ember::tools {

// Function names as the tables show them: short_name() of the profile's
// function of that name, or, with full names asked for or for text that names no function
// (an address, "(no caller outside)"), the text itself. Not yet terminal-safe.
class DisplayNames {
 public:
  DisplayNames(const profile::Profile& profile, bool full_names);

  std::string operator()(const std::string& name) const;

 private:
  std::unordered_map<std::string, std::string> short_names_;  // only those that differ
};

}  // namespace ember::tools

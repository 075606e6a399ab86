// The names of a location's frames, as top tables and flame graphs show them: one per line
// (inlined functions are frames of their own), innermost first; a location without lines is
// named by its address ("0x4010a0").
#pragma once

#include <string>
#include <vector>

#include "ember/profile/profile.h"

namespace ember::profile {

class FrameNames {
 public:
  explicit FrameNames(const Profile& profile)
      : profile_(profile), names_(profile.locations.size()) {}

  // `profile` must pass validate(); computed once per location.
  const std::vector<std::string>& of(uint64_t location_id);

 private:
  const Profile& profile_;
  std::vector<std::vector<std::string>> names_;  // empty until computed
};

}  // namespace ember::profile

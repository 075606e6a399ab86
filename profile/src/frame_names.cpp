#include "frame_names.h"

#include <cstdio>

#include "ember/profile/utf8_text.h"

namespace ember::profile {

const std::vector<std::string>& FrameNames::of(uint64_t location_id) {
  std::vector<std::string>& names = names_[location_id - 1];
  if (!names.empty()) return names;
  const Location& location = profile_.location(location_id);
  for (const Line& line : location.lines)
    names.push_back(utf8_text(profile_.function(line.function_id).name));
  if (names.empty()) {
    char text[32];
    std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(location.address));
    names.push_back(text);
  }
  return names;
}

}  // namespace ember::profile

#include "stack_frames.h"

#include <cstdio>

#include "ember/profile/short_name.h"
#include "ember/profile/utf8_text.h"

namespace ember::format {

std::string unsymbolized_name(const profile::Profile& profile, const profile::Location& location) {
  char hex[32];
  if (location.mapping_id == 0 || location.mapping_id > profile.mappings.size()) {
    std::snprintf(hex, sizeof hex, "[0x%llx]", static_cast<unsigned long long>(location.address));
    return hex;
  }
  const auto& mapping = profile.mapping(location.mapping_id);
  uint64_t offset = location.address - mapping.start + mapping.offset;
  std::snprintf(hex, sizeof hex, "+0x%llx]", static_cast<unsigned long long>(offset));
  std::string file = profile::utf8_text(mapping.file.substr(mapping.file.rfind('/') + 1));
  // Appended in order: GCC 12 at -O3 reports a false -Wrestrict (its bug 105329) for
  // `"[" + std::string`, which inserts at the front.
  std::string name = "[";
  name += file.empty() ? "unknown" : file;
  name += hex;
  return name;
}

StackFrames::StackFrames(const profile::Profile& profile) {
  by_location_.reserve(profile.locations.size());
  for (const auto& location : profile.locations) {
    std::vector<Frame> frames;
    // pprof lists the innermost inlined function first; we want the caller first.
    for (auto line = location.lines.rbegin(); line != location.lines.rend(); ++line) {
      if (line->function_id == 0 || line->function_id > profile.functions.size()) continue;
      const auto& function = profile.function(line->function_id);
      std::string name = !function.name.empty()          ? function.name
                         : !function.system_name.empty() ? function.system_name
                                                         : unsymbolized_name(profile, location);
      std::string short_name = function.name.empty() ? name : profile::short_name(function);
      frames.push_back({profile::utf8_text(name), profile::utf8_text(short_name),
                        profile::utf8_text(function.file)});
    }
    if (frames.empty()) {
      std::string name = unsymbolized_name(profile, location);
      frames.push_back({profile::utf8_text(name), profile::utf8_text(name), {}});
    }
    by_location_.push_back(std::move(frames));
  }
}

std::vector<const Frame*> StackFrames::root_first(const profile::Sample& sample) const {
  std::vector<const Frame*> stack;
  for (auto id = sample.location_ids.rbegin(); id != sample.location_ids.rend(); ++id) {
    if (*id == 0 || *id > by_location_.size()) continue;
    for (const auto& frame : by_location_[*id - 1]) stack.push_back(&frame);
  }
  return stack;
}

}  // namespace ember::format

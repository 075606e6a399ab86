#include "ember/profile/alloc_view.h"

#include <algorithm>
#include <map>
#include <utility>

#include "alloc_categories.h"
#include "frame_names.h"

namespace ember::profile {
namespace {

// Frame roles, classified once per (function, mapping): a function has many addresses.
class Roles {
 public:
  explicit Roles(const Profile& profile) : profile_(profile) {}

  FrameRole of(const Location& location, const Line& line) {
    const auto key = std::make_pair(line.function_id, location.mapping_id);
    auto [it, added] = roles_.try_emplace(key);
    if (added) {
      const std::string& file =
          location.mapping_id == 0 ? kNoFile : profile_.mapping(location.mapping_id).file;
      it->second = classify_frame(profile_.function(line.function_id).name, file);
    }
    return it->second;
  }

 private:
  static inline const std::string kNoFile;
  const Profile& profile_;
  std::map<std::pair<uint64_t, uint64_t>, FrameRole> roles_;
};

// Walks the frames leaf first (a location's inline frames innermost first): finds the
// innermost memory-management frame, then the first frame past it that is neither memory
// management nor a wrapper. The interpreter's own C code is the caller only when no frame of
// the code it runs (a location without a mapping: Python's) is above it.
AllocAttribution attribute(const Profile& profile, const Sample& sample, Roles& roles) {
  AllocAttribution out, interpreter_caller;
  for (uint64_t id : sample.location_ids) {
    const Location& location = profile.location(id);
    // Nothing is known of an unsymbolized frame: outside, and a caller once inside.
    if (location.lines.empty() && out.category >= 0) return {out.category, id, 0};
    for (size_t line = 0; line < location.lines.size(); ++line) {
      const FrameRole role = roles.of(location, location.lines[line]);
      if (out.category < 0) {
        out.category = role.category;
      } else if (role.category < 0 && !role.wrapper) {
        if (!role.interpreter) return {out.category, id, line};
        if (interpreter_caller.caller_location == 0) interpreter_caller = {out.category, id, line};
      }
    }
  }
  return interpreter_caller.caller_location != 0 ? interpreter_caller : out;
}

std::string caller_name(FrameNames& names, const AllocAttribution& attribution) {
  if (attribution.caller_location == 0) return kNoOutsideCaller;
  return names.of(attribution.caller_location)[attribution.caller_line];
}

}  // namespace

std::vector<AllocAttribution> attribute_alloc(const Profile& profile) {
  Roles roles(profile);
  std::vector<AllocAttribution> out;
  out.reserve(profile.samples.size());
  for (const Sample& sample : profile.samples) out.push_back(attribute(profile, sample, roles));
  return out;
}

AllocView alloc_view(const Profile& profile, int value_index) {
  AllocView view;
  if (value_index < 0 || static_cast<size_t>(value_index) >= profile.sample_types.size())
    return view;
  const std::vector<std::string>& names = alloc_category_names();
  std::vector<int64_t> values(names.size());
  std::vector<std::map<std::string, int64_t>> callers(names.size());
  const std::vector<AllocAttribution> attributions = attribute_alloc(profile);
  FrameNames frame_names(profile);
  for (size_t i = 0; i < profile.samples.size(); ++i) {
    const int64_t value = profile.samples[i].values[value_index];
    view.total += value;
    const int category = attributions[i].category;
    if (category < 0) continue;
    values[category] += value;
    callers[category][caller_name(frame_names, attributions[i])] += value;
  }
  for (size_t c = 0; c < names.size(); ++c) {
    if (values[c] == 0) continue;
    AllocCategoryTotal total{names[c], values[c], {}};
    for (const auto& [function, value] : callers[c])
      if (value != 0) total.callers.push_back({function, value});
    // Stable after the map's name order: equal values stay sorted by name.
    std::stable_sort(total.callers.begin(), total.callers.end(),
                     [](const AllocCaller& a, const AllocCaller& b) { return a.value > b.value; });
    view.categories.push_back(std::move(total));
  }
  std::stable_sort(
      view.categories.begin(), view.categories.end(),
      [](const AllocCategoryTotal& a, const AllocCategoryTotal& b) { return a.value > b.value; });
  return view;
}

}  // namespace ember::profile

#include <algorithm>

#include "ember/profile/profile_diff.h"
#include "ember/profile/sample_type_choice.h"
#include "frame_names.h"

namespace ember::profile {
namespace {

// Self, total and the whole profile's value, for the matching functions of one run.
struct MatchedValues {
  int64_t self = 0, total = 0, all = 0;
};

MatchedValues matched_values(const Profile& profile, int index,
                             const std::function<bool(const std::string&)>& matches) {
  FrameNames frames(profile);
  // Per location: 1 when its leaf (innermost) frame matches, 2 when any frame does.
  std::vector<int> matched(profile.locations.size() + 1, -1);
  auto match_of = [&](uint64_t id) {
    if (matched[id] < 0) {
      const std::vector<std::string>& names = frames.of(id);
      matched[id] = (matches(names.front()) ? 1 : 0) |
                    (std::any_of(names.begin(), names.end(), matches) ? 2 : 0);
    }
    return matched[id];
  };
  MatchedValues out;
  for (const Sample& sample : profile.samples) {
    const int64_t value = sample.values[index];
    out.all += value;
    if (sample.location_ids.empty()) continue;
    if (match_of(sample.location_ids.front()) & 1) out.self += value;
    if (std::any_of(sample.location_ids.begin(), sample.location_ids.end(),
                    [&](uint64_t id) { return match_of(id) & 2; }))
      out.total += value;
  }
  return out;
}

}  // namespace

MatchedChange compare_matched(const std::vector<Profile>& base, const std::vector<Profile>& after,
                              const DiffOptions& options,
                              const std::function<bool(const std::string&)>& matches) {
  RunValues self[2], total[2];
  const std::vector<Profile>* sides[2] = {&base, &after};
  for (int side = 0; side < 2; ++side) {
    for (const Profile& profile : *sides[side]) {
      const MatchedValues values =
          matched_values(profile, value_type_index(profile, options.type), matches);
      self[side].values.push_back(values.self);
      total[side].values.push_back(values.total);
      self[side].totals.push_back(values.all);
      total[side].totals.push_back(values.all);
    }
  }
  return {compare_shares(self[0], self[1], options.confidence_level),
          compare_shares(total[0], total[1], options.confidence_level)};
}

}  // namespace ember::profile

#include "ember/profile/profile_diff.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "ember/profile/sample_type_choice.h"
#include "ember/profile/top_table.h"
#include "frame_names.h"

namespace ember::profile {
namespace {

// Per key, per side (0 base, 1 new), one value per run.
struct KeyValues {
  std::vector<int64_t> self[2];
  std::vector<int64_t> total[2];
};

class Collector {
 public:
  Collector(size_t base_runs, size_t after_runs) : runs_{base_runs, after_runs} {}

  void add(const std::string& key, int side, size_t run, int64_t self, int64_t total) {
    auto [at, added] = keys_.try_emplace(key);
    if (added)
      for (int s = 0; s < 2; ++s) {
        at->second.self[s].resize(runs_[s]);
        at->second.total[s].resize(runs_[s]);
      }
    at->second.self[side][run] += self;
    at->second.total[side][run] += total;
  }

  const std::unordered_map<std::string, KeyValues>& keys() const { return keys_; }

 private:
  size_t runs_[2];
  std::unordered_map<std::string, KeyValues> keys_;
};

void collect_functions(const Profile& profile, int index, int side, size_t run, Collector& out) {
  for (const FunctionTotal& entry : top_table(profile, index).entries)
    out.add(entry.name, side, run, entry.flat, entry.cum);
}

// Folded stacks, root first, one frame per line of each location.
void collect_stacks(const Profile& profile, int index, int side, size_t run, Collector& out) {
  FrameNames frames(profile);
  std::string stack;
  for (const Sample& sample : profile.samples) {
    stack.clear();
    for (auto id = sample.location_ids.rbegin(); id != sample.location_ids.rend(); ++id) {
      const std::vector<std::string>& names = frames.of(*id);
      for (auto name = names.rbegin(); name != names.rend(); ++name)
        stack += (stack.empty() ? "" : ";") + *name;
    }
    out.add(stack, side, run, sample.values[index], sample.values[index]);
  }
}

double rank(const DiffRow& row) {
  return std::max(std::abs(row.self.delta()), std::abs(row.total.delta()));
}

}  // namespace

int64_t value_total(const Profile& profile, int value_index) {
  int64_t total = 0;
  for (const Sample& sample : profile.samples) total += sample.values[value_index];
  return total;
}

ProfileDiff diff_profiles(const std::vector<Profile>& base, const std::vector<Profile>& after,
                          const DiffOptions& options) {
  ProfileDiff diff{options.type, options.key, {}, {}, {}};
  Collector collector(base.size(), after.size());
  const std::vector<Profile>* sides[2] = {&base, &after};
  std::vector<int64_t>* totals[2] = {&diff.base_totals, &diff.after_totals};
  for (int side = 0; side < 2; ++side) {
    for (size_t run = 0; run < sides[side]->size(); ++run) {
      const Profile& profile = (*sides[side])[run];
      const int index = value_type_index(profile, options.type);
      totals[side]->push_back(value_total(profile, index));
      if (options.key == DiffKey::function)
        collect_functions(profile, index, side, run, collector);
      else
        collect_stacks(profile, index, side, run, collector);
    }
  }
  for (const auto& [name, values] : collector.keys()) {
    auto change = [&](const std::vector<int64_t>(&runs)[2]) {
      return compare_shares({runs[0], diff.base_totals}, {runs[1], diff.after_totals},
                            options.confidence_level);
    };
    diff.rows.push_back(DiffRow{name, change(values.self), change(values.total)});
  }
  std::sort(diff.rows.begin(), diff.rows.end(), [](const DiffRow& a, const DiffRow& b) {
    if (rank(a) != rank(b)) return rank(a) > rank(b);
    if (std::abs(a.self.delta()) != std::abs(b.self.delta()))
      return std::abs(a.self.delta()) > std::abs(b.self.delta());
    return a.name < b.name;
  });
  return diff;
}

}  // namespace ember::profile

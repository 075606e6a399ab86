#include "wall_profile.h"

#include "ember/profile/operations.h"

namespace ember::daemon {

profile::Profile wall_profile(const profile::Profile& cpu, const profile::Profile& offcpu) {
  const std::vector<profile::ValueType> types = {{"samples", "count"}, {"wall", "nanoseconds"}};
  profile::Profile wall = cpu;
  wall.sample_types = types;
  wall.period_type = types[1];
  wall.default_sample_type = "wall";
  for (auto& sample : wall.samples) sample.labels.push_back({"thread_state", "running", 0, {}});
  profile::Profile waits = offcpu;
  waits.sample_types = types;
  waits.stats.clear();  // the collection's counters are the same in both: count them once
  (void)profile::merge(wall, waits);  // same sample types, so it cannot fail
  wall.stats["offcpu_samples"] = offcpu.stats.count("samples") ? offcpu.stats.at("samples") : 0;
  return wall;
}

}  // namespace ember::daemon

#include "run_profiles.h"

#include <map>

#include "ember/profile/builder.h"

namespace ember::profile::testing {

Profile run_profile(const std::vector<StackValue>& stacks) {
  ProfileBuilder builder({{"samples", "count"}, {"cpu", "nanoseconds"}});
  Mapping exe;
  exe.start = 0x400000;
  exe.limit = 0x500000;
  exe.file = "/usr/bin/service";
  const uint64_t mapping = builder.add_mapping(exe);
  std::map<std::string, uint64_t> locations;
  for (const StackValue& entry : stacks) {
    std::vector<uint64_t> ids;
    for (const std::string& name : entry.stack) {
      auto [at, added] = locations.try_emplace(name, 0);
      if (added)
        at->second = builder.add_location(mapping, 0x401000 + 16 * locations.size(),
                                          {{builder.add_function(name, name), 1}});
      ids.push_back(at->second);
    }
    builder.add_sample(ids, {entry.samples, entry.samples * 10'000'000},
                       {{"pid", "", 42, ""}, {"tid", "", 43, ""}});
  }
  builder.profile().default_sample_type = "cpu";
  builder.profile().period_type = {"cpu", "nanoseconds"};
  builder.profile().period = 10'000'000;
  builder.profile().duration_nanos = 1'000'000'000;
  return std::move(builder).build();
}

}  // namespace ember::profile::testing

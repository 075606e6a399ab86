#include "short_wait_samples.h"

#include <cstring>
#include <string>

#include "stack_record.h"

namespace ember::daemon {

void add_short_wait_samples(profile::Profile& offcpu, const std::vector<ShortWait>& waits,
                            std::chrono::nanoseconds min_block) {
  if (waits.empty()) return;
  const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(min_block).count();
  profile::Function function;
  function.id = offcpu.functions.size() + 1;
  function.name = "[off-CPU waits under " + std::to_string(micros) + " us, stacks not taken]";
  function.system_name = function.name;
  offcpu.functions.push_back(function);
  offcpu.locations.push_back({.id = offcpu.locations.size() + 1,
                              .mapping_id = 0,
                              .address = 0,
                              .lines = {{.function_id = function.id, .line = 0}}});
  const uint64_t location_id = offcpu.locations.back().id;
  int64_t count = 0, nanos = 0;
  for (const ShortWait& wait : waits) {
    const std::string thread_name(wait.total.comm, strnlen(wait.total.comm, EMBER_COMM_LEN));
    profile::Sample sample;
    sample.location_ids = {location_id};
    sample.values = {static_cast<int64_t>(wait.total.count),
                     static_cast<int64_t>(wait.total.total_ns)};
    sample.labels = {{"pid", {}, wait.key.pid, {}}, {"tid", {}, wait.key.tid, {}}};
    // A label is a string or a number; an empty string would read as the number 0.
    if (!thread_name.empty()) sample.labels.push_back({"thread_name", thread_name, 0, {}});
    sample.labels.push_back({"thread_state", thread_state_name(wait.key.state), 0, {}});
    offcpu.samples.push_back(std::move(sample));
    count += static_cast<int64_t>(wait.total.count);
    nanos += static_cast<int64_t>(wait.total.total_ns);
  }
  offcpu.stats["short_waits"] = count;
  offcpu.stats["short_wait_nanos"] = nanos;
}

}  // namespace ember::daemon

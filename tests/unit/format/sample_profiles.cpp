#include "sample_profiles.h"

#include <map>
#include <random>

#include "ember/profile/builder.h"

namespace ember::format::testing {
namespace {

// The profile-level fields of a CPU profile sampled every `period` ns from `start` on.
void set_cpu_timing(profile::Profile& p, int64_t start, int64_t duration, int64_t period) {
  p.time_nanos = start;
  p.duration_nanos = duration;
  p.period_type = {"cpu", "nanoseconds"};
  p.period = period;
  p.default_sample_type = "cpu";
}

// A mapping of 1 MiB at `start` whose frames are already symbolized.
uint64_t add_mapping(profile::ProfileBuilder& builder, const std::string& file, uint64_t start) {
  profile::Mapping m;
  m.start = start;
  m.limit = start + 0x100000;
  m.file = file;
  m.has_functions = true;
  return builder.add_mapping(m);
}

}  // namespace

profile::Profile hostile_profile() {
  constexpr int64_t kPeriod = 10'000'000;
  profile::ProfileBuilder builder({{"samples", "count"}, {"cpu", "nanoseconds"}});
  profile::Mapping service;
  service.start = 0x400000;
  service.limit = 0x500000;
  service.file = "/usr/bin/service";
  service.has_functions = true;
  uint64_t exe = builder.add_mapping(service);
  uint64_t main_fn = builder.add_function("main", "main", "service.cc", 10);
  uint64_t compute = builder.add_function("compute", "_Z7computev", "compute.cc", 20);
  uint64_t hot = builder.add_function("hot_loop", "_Z8hot_loopv", "compute.cc", 40);
  uint64_t io = builder.add_function("io", "_Z2iov", "io.cc", 5);
  uint64_t script = builder.add_function(kScriptName, kScriptName);
  uint64_t markup = builder.add_function(kMarkupName, kMarkupName, "a&b.cc");

  uint64_t at_main = builder.add_location(exe, 0x401000, {{main_fn, 12}});
  // hot_loop inlined into compute: innermost first, as pprof orders lines.
  uint64_t at_hot = builder.add_location(exe, 0x402000, {{hot, 44}, {compute, 25}});
  uint64_t at_compute = builder.add_location(exe, 0x402100, {{compute, 27}});
  uint64_t at_script = builder.add_location(exe, 0x403000, {{script, 1}});
  uint64_t at_io = builder.add_location(exe, 0x404000, {{io, 6}});
  uint64_t at_markup = builder.add_location(exe, 0x405000, {{markup, 2}});

  const int64_t start = 1'700'000'000'000'000'000;
  profile::Label tid;
  tid.key = "tid";
  tid.num = 7;
  auto add = [&](std::vector<uint64_t> stack, int64_t count, int64_t second) {
    builder.add_sample(stack, {count, count * kPeriod}, {tid}, start + second * 1'000'000'000);
  };
  add({at_hot, at_main}, 40, 0);
  add({at_hot, at_main}, 20, 1);
  add({at_script, at_compute, at_main}, 15, 1);
  add({at_markup, at_io, at_main}, 25, 2);

  profile::Profile& p = builder.profile();
  set_cpu_timing(p, start, 3'000'000'000, kPeriod);
  p.stats = {{"samples", 100}, {"lost_samples", 3}, {"unsymbolized_frames", 0}};
  return std::move(builder).build();
}

profile::Profile alloc_profile() {
  constexpr int64_t kPeriod = 10'000'000;
  profile::ProfileBuilder builder({{"samples", "count"}, {"cpu", "nanoseconds"}});
  auto mapping = [&](const std::string& file, uint64_t start) {
    return add_mapping(builder, file, start);
  };
  const uint64_t exe = mapping("/usr/bin/service", 0x400000);
  const uint64_t libc = mapping("/usr/lib/x86_64-linux-gnu/libc.so.6", 0x7f0000000000);
  const uint64_t kernel = mapping("[kernel.kallsyms]", 0xffffffff81000000);
  std::map<std::string, uint64_t> locations;
  auto at = [&](const std::string& name, uint64_t in) {
    auto [it, added] = locations.try_emplace(name, 0);
    if (added) {
      const uint64_t address = builder.profile().mappings[in - 1].start + 16 * locations.size();
      it->second = builder.add_location(in, address, {{builder.add_function(name, name), 1}});
    }
    return it->second;
  };
  const int64_t start = 1'700'000'000'000'000'000;
  auto add = [&](std::vector<uint64_t> stack, int64_t count, int64_t second) {
    builder.add_sample(stack, {count, count * kPeriod}, {}, start + second * 1'000'000'000);
  };
  const uint64_t main_fn = at("main", exe), handle = at("handle", exe), parse = at("parse", exe);
  add({at("build_reply", exe), handle, main_fn}, 50, 0);
  add({at("_int_malloc", libc), at("malloc", libc), at(kScriptName, exe), handle, main_fn}, 20, 0);
  add({at("_int_free", libc), at("free", libc), parse, main_fn}, 20, 1);
  add({at("clear_page_erms", kernel), at("asm_exc_page_fault", kernel), parse, main_fn}, 10, 1);
  set_cpu_timing(builder.profile(), start, 2'000'000'000, kPeriod);
  return std::move(builder).build();
}

profile::Profile waits_profile() {
  profile::ProfileBuilder builder({{"samples", "count"}, {"offcpu", "nanoseconds"}});
  auto mapping = [&](const std::string& file, uint64_t start) {
    return add_mapping(builder, file, start);
  };
  const uint64_t exe = mapping("/usr/bin/service", 0x400000);
  const uint64_t libc = mapping("/usr/lib/x86_64-linux-gnu/libc.so.6", 0x7f0000000000);
  const uint64_t kernel = mapping("[kernel.kallsyms]", 0xffffffff81000000);
  uint64_t address = 0;
  auto at = [&](uint64_t in, const std::string& name, const std::string& system_name) {
    address += 16;
    const uint64_t start = builder.profile().mappings[in - 1].start;
    return builder.add_location(in, start + address,
                                {{builder.add_function(name, system_name), 1}});
  };
  const uint64_t main_fn = at(exe, "main", "main");
  const uint64_t serve = at(exe, kLongServe, "_ZN12_GLOBAL__N_15serveERSt3mapI");
  const uint64_t flush = at(exe, kLongFlush, "_ZNK5TableISt6vectorIiSaIiEEE5flushI6WriterEEvRT_");
  const uint64_t schedule = at(kernel, "__schedule", "__schedule");
  const std::vector<profile::Label> sleeping = {{"thread_state", "sleeping", 0, ""}};
  builder.add_sample(
      {schedule, at(kernel, "schedule", "schedule"), at(kernel, "vfs_read", "vfs_read"),
       at(kernel, "ksys_read", "ksys_read"), at(libc, "read", "read"), flush, serve, main_fn},
      {70, 700'000'000}, sleeping, 0);
  builder.add_sample({schedule, at(kernel, "__x64_sys_nanosleep", "__x64_sys_nanosleep"),
                      at(libc, "nanosleep", "nanosleep"), main_fn},
                     {30, 300'000'000}, sleeping, 0);
  builder.profile().duration_nanos = 1'000'000'000;
  return std::move(builder).build();
}

profile::Profile load_test_profile() {
  constexpr int64_t kPeriod = 10'101'010;  // 99 Hz
  profile::ProfileBuilder builder({{"samples", "count"}, {"cpu", "nanoseconds"}});
  std::map<std::string, uint64_t> locations;
  auto location = [&](const std::string& name, const std::string& file) {
    auto [it, added] = locations.try_emplace(name, 0);
    if (added) {
      uint64_t function = builder.add_function(name, name, file, 1);
      it->second = builder.add_location(0, 0x1000 + 16 * locations.size(), {{function, 1}});
    }
    return it->second;
  };
  // Stacks root first, as people read them; the builder wants leaf first.
  auto stack = [&](std::vector<std::pair<std::string, std::string>> frames) {
    std::vector<uint64_t> ids;
    for (auto it = frames.rbegin(); it != frames.rend(); ++it)
      ids.push_back(location(it->first, it->second));
    return ids;
  };
  const std::pair<std::string, std::string> main_fn{"main", "server.cc"};
  const std::pair<std::string, std::string> worker{"Worker::run", "worker.cc"};
  const std::pair<std::string, std::string> handle{"HttpServer::handle_request", "http_server.cc"};
  const std::pair<std::string, std::string> lookup{"Cache::lookup", "cache.cc"};
  struct Weighted {
    std::vector<uint64_t> stack;
    int steady;  // samples per second outside the spike
    int spike;   // samples per second in it
  };
  const std::vector<Weighted> stacks = {
      {stack({main_fn, worker, handle, {"json::parse", "json.cc"}}), 48, 40},
      {stack({main_fn, worker, handle, {"json::serialize", "json.cc"}}), 30, 26},
      {stack({main_fn, worker, handle, lookup, {"std::unordered_map::find", "hashtable.h"}}), 22,
       14},
      {stack({main_fn,
              worker,
              handle,
              lookup,
              {"std::mutex::lock", "mutex.h"},
              {"futex_wait", "futex.c"}}),
       3, 70},
      {stack({main_fn, worker, handle, {"Db::query", "db.cc"}, {"send", "socket.c"}}), 18, 16},
      {stack({main_fn, worker, handle, {"compress", "zlib.c"}}), 20, 18},
      {stack({main_fn, {"Gc::collect", "gc.cc"}, {"Gc::mark", "gc.cc"}}), 9, 9},
      {stack({main_fn, {"Metrics::flush", "metrics.cc"}}), 4, 4},
  };
  const int64_t start = 1'700'000'000'000'000'000;
  std::mt19937 random(7);
  for (int second = 0; second < 60; ++second) {
    const bool spike = second >= 40 && second < 46;
    for (const auto& weighted : stacks) {
      int64_t base = spike ? weighted.spike : weighted.steady;
      int64_t count =
          std::max<int64_t>(0, base + std::uniform_int_distribution<int>(-3, 3)(random));
      if (count == 0) continue;
      // Spread over the second so the window cut is tested inside a bucket too.
      int64_t at = start + second * 1'000'000'000LL +
                   std::uniform_int_distribution<int>(0, 999)(random) * 1'000'000LL;
      builder.add_sample(weighted.stack, {count, count * kPeriod}, {}, at);
    }
  }
  profile::Profile& p = builder.profile();
  set_cpu_timing(p, start, 60'000'000'000, kPeriod);
  p.stats = {{"lost_samples", 0}, {"unwind_failures", 2}, {"unsymbolized_frames", 0}};
  return std::move(builder).build();
}

profile::Profile large_profile(int nodes) {
  profile::ProfileBuilder builder({{"samples", "count"}, {"cpu", "nanoseconds"}});
  std::mt19937 random(42);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  std::vector<uint64_t> locations;
  for (int i = 0; i < 3000; ++i) {
    std::string name = "app::module_" + std::to_string(i % 37) + "::Handler<std::string>::step_" +
                       std::to_string(i) + "(int, std::vector<int> const&)";
    uint64_t function = builder.add_function(name, "_Z" + std::to_string(i));
    locations.push_back(builder.add_location(0, 0x1000 + i, {{function, 1}}));
  }
  // A random walk over stacks: each sample keeps a prefix of the previous one and grows new
  // frames, so every sample adds a few nodes to the tree. Stacks are leaf first.
  std::vector<uint64_t> root_first = {locations[0]};
  for (int created = 0; created < nodes;) {
    int keep = std::max<int>(1, static_cast<int>(root_first.size()) - uniform(1, 3));
    root_first.resize(keep);
    for (int grow = uniform(1, 4); grow > 0 && root_first.size() < 40; --grow, ++created) {
      root_first.push_back(locations[uniform(1, 2999)]);
    }
    std::vector<uint64_t> stack(root_first.rbegin(), root_first.rend());
    int64_t count = uniform(1, 20);
    builder.add_sample(stack, {count, count * 10'000'000});
  }
  return std::move(builder).build();
}

}  // namespace ember::format::testing

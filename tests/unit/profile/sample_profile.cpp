#include "sample_profile.h"

#include "ember/profile/builder.h"

namespace ember::profile::testing {

Profile sample_profile() {
  ProfileBuilder b({{"samples", "count"}, {"cpu", "nanoseconds"}});
  Mapping exe;
  exe.start = 0x400000;
  exe.limit = 0x500000;
  exe.file = "/usr/bin/app";
  exe.build_id = "0123abcd";
  exe.has_functions = exe.has_filenames = exe.has_line_numbers = exe.has_inline_frames = true;
  uint64_t m = b.add_mapping(exe);

  uint64_t main_fn = b.add_function("main", "main", "app.cc", 10);
  uint64_t handle = b.add_function("handle(Request const&)", "_Z6handleRK7Request", "app.cc", 20);
  uint64_t parse = b.add_function("parse", "parse", "parse.h", 5);
  uint64_t recurse = b.add_function("recurse", "recurse", "app.cc", 40);
  uint64_t leaf = b.add_function("leaf", "leaf", "app.cc", 50);

  uint64_t at_leaf = b.add_location(m, 0x401010, {{leaf, 51}});
  uint64_t at_recurse = b.add_location(m, 0x401020, {{recurse, 42}});
  uint64_t at_parse = b.add_location(m, 0x401030, {{parse, 7}, {handle, 23}});
  uint64_t at_main = b.add_location(m, 0x401040, {{main_fn, 12}});

  const int64_t ms = 1'000'000;
  std::vector<Label> worker = {{"tid", "", 101, ""}, {"thread_name", "worker", 0, ""}};
  std::vector<Label> io = {{"tid", "", 102, ""}, {"thread_name", "io", 0, ""}};
  b.add_sample({at_leaf, at_recurse, at_recurse, at_main}, {3, 30 * ms}, worker, kStartNanos);
  b.add_sample({at_parse, at_main}, {5, 50 * ms}, io, kStartNanos + kSecond);
  b.add_sample({at_leaf, at_parse, at_main}, {1, 10 * ms}, io, kStartNanos + kSecond);
  b.add_sample({at_main}, {2, 20 * ms}, worker, kStartNanos + 2 * kSecond);

  Profile& p = b.profile();
  p.time_nanos = kStartNanos;
  p.duration_nanos = 3 * kSecond;
  p.period_type = {"cpu", "nanoseconds"};
  p.period = 10'101'010;
  p.default_sample_type = "cpu";
  p.comments = {"recorded by a test"};
  p.stats = {{"samples", 11}, {"lost_samples", 2}};
  return std::move(b).build();
}

}  // namespace ember::profile::testing

#include "sampler_frames.h"

#include <gtest/gtest.h>

#include "ember/profile/builder.h"
#include "ember/profile/operations.h"

namespace ember::daemon {
namespace {

// The names of a sample's frames, leaf first, each location's inline functions outermost last.
std::vector<std::string> names(const profile::Profile& p, const profile::Sample& sample) {
  std::vector<std::string> out;
  for (uint64_t id : sample.location_ids)
    for (const profile::Line& line : p.location(id).lines)
      out.push_back(p.function(line.function_id).name);
  return out;
}

TEST(TrimSamplerFrames, StacksStartAtTheAllocationFunctionTheProgramCalled) {
  profile::ProfileBuilder b(std::vector<profile::ValueType>{{"alloc_space", "bytes"}});
  profile::Mapping sampler, app;
  sampler.file = "/opt/ember/lib/libember_alloc_sampler.so";
  app.file = "/usr/bin/app";
  const uint64_t s = b.add_mapping(sampler), a = b.add_mapping(app);
  auto fn = [&b](const char* name) { return b.add_function(name, name, "", 0); };
  const uint64_t slow = b.add_location(s, 0x7f0000001000, {{fn("sample_slow"), 0}});
  // note() inlined into malloc, aligned_alloc calling memalign.
  const uint64_t in_malloc =
      b.add_location(s, 0x7f0000002000, {{fn("note"), 0}, {fn("malloc"), 0}});
  const uint64_t in_memalign = b.add_location(s, 0x7f0000003000, {{fn("memalign"), 0}});
  const uint64_t in_aligned = b.add_location(s, 0x7f0000004000, {{fn("aligned_alloc"), 0}});
  const uint64_t caller = b.add_location(a, 0x401000, {{fn("handle"), 0}});
  b.add_sample({slow, in_malloc, caller}, {100}, {}, 0);
  b.add_sample({slow, in_memalign, in_aligned, caller}, {200}, {}, 0);
  b.add_sample({caller}, {300}, {}, 0);  // no sampler frames: untouched
  profile::Profile p = std::move(b).build();

  trim_sampler_frames(p, "libember_alloc_sampler.so");
  EXPECT_TRUE(profile::validate(p).ok());
  EXPECT_EQ(names(p, p.samples[0]), (std::vector<std::string>{"malloc", "handle"}));
  EXPECT_EQ(names(p, p.samples[1]), (std::vector<std::string>{"aligned_alloc", "handle"}));
  EXPECT_EQ(names(p, p.samples[2]), (std::vector<std::string>{"handle"}));
}

TEST(TrimSamplerFrames, OnlyTheSamplerLibraryItself) {
  profile::ProfileBuilder b(std::vector<profile::ValueType>{{"alloc_space", "bytes"}});
  profile::Mapping other;
  other.file = "/usr/lib/not-libember_alloc_sampler.so";
  const uint64_t m = b.add_mapping(other);
  const uint64_t f = b.add_location(m, 0x1000, {{b.add_function("f", "f", "", 0), 0}});
  const uint64_t g = b.add_location(m, 0x2000, {{b.add_function("g", "g", "", 0), 0}});
  b.add_sample({f, g}, {1}, {}, 0);
  profile::Profile p = std::move(b).build();
  trim_sampler_frames(p, "libember_alloc_sampler.so");
  EXPECT_EQ(names(p, p.samples[0]), (std::vector<std::string>{"f", "g"}));
}

}  // namespace
}  // namespace ember::daemon

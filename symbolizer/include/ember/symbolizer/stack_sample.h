// A stack as a collector captured it: raw instruction pointers, not yet symbolized.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ember/profile/profile.h"

namespace ember::symbolizer {

struct StackSample {
  uint32_t pid = 0;  // thread group id
  uint32_t tid = 0;
  std::string thread_name;
  std::vector<uint64_t> kernel_ips;  // leaf first
  // Leaf first: user_ips[0] is the interrupted pc, the rest are return addresses.
  std::vector<uint64_t> user_ips;
  int64_t time_nanos = 0;              // start of the sample's time bucket (Unix ns), 0 if unknown
  std::vector<int64_t> values;         // one per sample type of the profile being built
  std::vector<profile::Label> labels;  // extra labels (pid, tid, thread_name are added)
};

}  // namespace ember::symbolizer

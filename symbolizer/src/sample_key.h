// What add() aggregates by: samples with equal keys have their values summed, so memory grows
// with distinct stacks, not with sample count.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ember/profile/profile.h"
#include "ember/symbolizer/stack_sample.h"
#include "process_mappings.h"

namespace ember::symbolizer {

// A user address pinned to the mapping it lay in when collected (null: in no known mapping).
struct PinnedFrame {
  std::shared_ptr<const PinnedMapping> mapping;
  uint64_t address = 0;
  uint32_t perf_map_epoch = 0;  // in JIT code: the mapping's perf map as read at the sample
  bool operator==(const PinnedFrame&) const = default;
};

struct SampleKey {
  uint32_t pid = 0;
  uint32_t tid = 0;
  uint32_t generation = 0;  // the image the process ran (ProcessTable: exec starts a new one)
  std::string thread_name;
  std::vector<uint64_t> kernel_ips;          // leaf first
  std::vector<PinnedFrame> user_frames;      // leaf first
  std::vector<RuntimeFrame> runtime_frames;  // leaf first, resolved
  int64_t time_nanos = 0;
  std::vector<profile::Label> labels;
  bool operator==(const SampleKey&) const = default;
};

struct SampleKeyHash {
  size_t operator()(const SampleKey& key) const;
};

}  // namespace ember::symbolizer

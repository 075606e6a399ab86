// Turns aggregated samples into profile samples: one location per distinct (mapping, address,
// role), one profile mapping per pinned mapping, interned through a ProfileBuilder.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "ember/profile/builder.h"
#include "frame_resolver.h"
#include "sample_key.h"

namespace ember::symbolizer {

struct FrameCounts {
  int64_t frames = 0;
  int64_t unsymbolized = 0;
  int64_t unmapped = 0;
};

class ProfileAssembler {
 public:
  // Kernel frames all go to one "[kernel.kallsyms]" mapping covering [kernel_start,
  // kernel_limit), the range of kernel addresses seen.
  ProfileAssembler(FrameResolver& resolver, profile::ProfileBuilder& builder, uint64_t kernel_start,
                   uint64_t kernel_limit);

  // The lowest file mapping among `key`'s user frames, or null. Over a process's samples, the
  // lowest is its executable (the kernel loads programs below the area where libraries are
  // mapped).
  static const PinnedMapping* lowest_file_mapping(const SampleKey& key);
  // Makes `mapping` the first mapping: pprof takes mapping 1 for the main binary ("File:
  // ..."). Call before add().
  void add_main_mapping(const PinnedMapping& mapping);

  // Adds one sample: kernel frames (leaf first), then user frames, so the stack is leaf first.
  // Runtime frames take the place of the interpreter activations among the user frames, one
  // activation's frames each; those left over (the native stack was cut short) go at the root.
  // `values` has one entry per sample type.
  void add(const SampleKey& key, const std::vector<int64_t>& values);

  // Frames added so far, counted per sample.
  const FrameCounts& counts() const { return counts_; }

 private:
  struct CachedLocation {
    uint64_t id = 0;
    bool symbolized = false;
    bool interpreter = false;  // an activation of a runtime's interpreter loop
    bool go_wrapper = false;   // left out of stacks, as Go's profiler does (ResolvedFrame)
  };

  CachedLocation user_location(const PinnedFrame& frame, bool is_return_address);
  CachedLocation kernel_location(uint64_t address, bool is_return_address);
  CachedLocation runtime_location(const RuntimeFrame& frame);
  CachedLocation intern(uint64_t mapping_id, uint64_t address,
                        const std::vector<ResolvedFrame>& frames);
  uint64_t mapping_id(const PinnedMapping& mapping);
  uint64_t kernel_mapping_id();

  FrameResolver& resolver_;
  profile::ProfileBuilder& builder_;
  uint64_t kernel_start_;
  uint64_t kernel_limit_;
  uint64_t kernel_mapping_id_ = 0;
  // By mapping, address, role and perf map epoch (JIT code at an address changes with it).
  std::map<std::tuple<const PinnedMapping*, uint64_t, bool, uint32_t>, CachedLocation>
      user_locations_;
  std::map<std::pair<uint64_t, bool>, CachedLocation> kernel_locations_;
  // By function, file, line and code: runtime locations have no mapping.
  std::map<std::tuple<std::string, std::string, int64_t, uint64_t>, CachedLocation>
      runtime_locations_;
  std::map<const PinnedMapping*, uint64_t> mapping_ids_;
  FrameCounts counts_;
};

}  // namespace ember::symbolizer

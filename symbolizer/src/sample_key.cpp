#include "sample_key.h"

#include <functional>

namespace ember::symbolizer {
namespace {

// Golden-ratio mixing, so that permuted or repeated values do not cancel out.
void combine(size_t& seed, size_t value) {
  seed ^= value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
}

template <class T>
void combine_hash(size_t& seed, const T& value) {
  combine(seed, std::hash<T>{}(value));
}

}  // namespace

size_t SampleKeyHash::operator()(const SampleKey& key) const {
  size_t seed = 0;
  combine_hash(seed, key.pid);
  combine_hash(seed, key.tid);
  combine_hash(seed, key.generation);
  combine_hash(seed, key.thread_name);
  for (uint64_t ip : key.kernel_ips) combine_hash(seed, ip);
  for (const PinnedFrame& frame : key.user_frames) {
    combine_hash(seed, frame.mapping.get());
    combine_hash(seed, frame.address);
    combine_hash(seed, frame.perf_map_epoch);
  }
  for (const RuntimeFrame& frame : key.runtime_frames) {
    combine_hash(seed, frame.code);
    combine_hash(seed, frame.line);
  }
  combine_hash(seed, key.time_nanos);
  for (const profile::Label& label : key.labels) {
    combine_hash(seed, label.key);
    combine_hash(seed, label.str);
    combine_hash(seed, label.num);
  }
  return seed;
}

}  // namespace ember::symbolizer

#pragma once

#include <cstdint>

struct bpf_map;

namespace ember::daemon {

// Sums each of the first `count` entries of a BPF per-CPU array of __u64 over the CPUs into
// totals[0..count); an entry that cannot be read stays as it was (0 for zeroed totals).
void sum_per_cpu_array(const bpf_map* map, uint64_t* totals, uint32_t count);

}  // namespace ember::daemon

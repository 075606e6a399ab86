#include "per_cpu_array.h"

#include <bpf/libbpf.h>

#include <vector>

namespace ember::daemon {

void sum_per_cpu_array(const bpf_map* map, uint64_t* totals, uint32_t count) {
  const int cpus = libbpf_num_possible_cpus();
  std::vector<uint64_t> per_cpu(cpus > 0 ? cpus : 1);
  for (uint32_t key = 0; key < count; ++key) {
    if (bpf_map__lookup_elem(map, &key, sizeof(key), per_cpu.data(),
                             per_cpu.size() * sizeof(uint64_t), 0) != 0)
      continue;
    for (uint64_t value : per_cpu) totals[key] += value;
  }
}

}  // namespace ember::daemon

#pragma once

#include <cstdint>
#include <vector>

namespace ember::daemon {

// Turns an allocation the preloaded sampler picked into unbiased estimates {objects, bytes}.
// With sample points a Poisson process of mean `mean_bytes` over the allocated bytes, an
// allocation of `size` bytes is picked with probability p = 1 - exp(-size / mean), so each pick
// stands for 1/p allocations and size/p bytes (the estimator tcmalloc and Go use). The sampler
// may change its mean as it goes (to bound its cost); each pick carries the mean it was picked
// with. Objects are counts: 1/p is rounded up when `uniform` (in [0, 1)) falls below its
// fraction, down otherwise, which keeps their sum unbiased. A mean of 0 means "always picked".
std::vector<int64_t> sampled_allocation_estimate(uint64_t size, uint64_t mean_bytes,
                                                 double uniform);

}  // namespace ember::daemon

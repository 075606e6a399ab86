#include "sampled_allocation.h"

#include <cmath>

namespace ember::daemon {

std::vector<int64_t> sampled_allocation_estimate(uint64_t size, uint64_t mean_bytes,
                                                 double uniform) {
  const int64_t bytes = static_cast<int64_t>(size);
  if (size == 0 || mean_bytes == 0) return {1, bytes};
  const double probability =
      -std::expm1(-static_cast<double>(size) / static_cast<double>(mean_bytes));
  const double objects = 1 / probability;
  const double whole = std::floor(objects);
  return {static_cast<int64_t>(whole) + (uniform < objects - whole ? 1 : 0),
          std::llround(static_cast<double>(size) / probability)};
}

}  // namespace ember::daemon

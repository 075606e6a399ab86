#pragma once

#include <cstdint>

#include "ember/symbolizer/stack_sample.h"
#include "ember_abi.h"

namespace ember::daemon {

// Converts CLOCK_MONOTONIC (what BPF timestamps use) to Unix time.
class MonotonicClock {
 public:
  MonotonicClock();
  int64_t to_unix_nanos(uint64_t monotonic_nanos) const {
    return static_cast<int64_t>(monotonic_nanos) + offset_nanos_;
  }

 private:
  int64_t offset_nanos_ = 0;
};

// A BPF stack record as a sample for the symbolizer, in a one-second time bucket, with values
// {1 sample, the record's weight}. Failed stack captures become empty stacks.
symbolizer::StackSample to_stack_sample(const ember_stack_record& record,
                                        const MonotonicClock& clock);

}  // namespace ember::daemon

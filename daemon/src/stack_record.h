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

// The thread_state label's value for an enum ember_thread_state.
const char* thread_state_name(uint32_t state);

// The alloc_event label's value for an enum ember_alloc_event.
const char* alloc_event_name(uint32_t event);

// The lock_class label's first value for an enum ember_lock_wait, from the futex operation
// alone: "mutex", "other" or "kernel" (label_lock_samples refines it by the waiter's frames).
const char* lock_wait_class(uint32_t wait);

// A BPF stack record as a sample for the symbolizer, in a one-second time bucket, with values
// {1 sample, the record's weight}; off-CPU samples carry the thread_state label, lock samples
// lock_addr and (waits) lock_class. Failed stack captures become empty stacks.
symbolizer::StackSample to_stack_sample(const ember_stack_record& record,
                                        const MonotonicClock& clock);

}  // namespace ember::daemon

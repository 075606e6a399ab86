#include "ember/daemon/profile_sources.h"

#include <array>

#include "ember_abi.h"

namespace ember::daemon {

namespace {

constexpr std::array kSources = {
    ProfileSource{"cpu", "CPU", Mode::cpu, EMBER_SOURCE_CPU, "samples", "count", "cpu",
                  "nanoseconds"},
    ProfileSource{"offcpu", "Off-CPU", Mode::offcpu, EMBER_SOURCE_OFFCPU, "samples", "count",
                  "offcpu", "nanoseconds"},
    // What woke the waits: the wakers' stacks, weighed by how long the woken thread had waited.
    ProfileSource{"wakers", "Wakers", Mode::offcpu, EMBER_SOURCE_WAKER, "wakeups", "count",
                  "wakers", "nanoseconds", true},
    ProfileSource{"lock", "Lock", Mode::lock, EMBER_SOURCE_LOCK, "contentions", "count", "delay",
                  "nanoseconds"},
    // The stacks that released contended locks (futex wakes that woke waiters).
    ProfileSource{"lock_holders", "Lock holders", Mode::lock, EMBER_SOURCE_LOCK_HOLDER, "wakes",
                  "count", "waiters_woken", "count"},
    ProfileSource{"alloc", "Alloc", Mode::alloc, EMBER_SOURCE_ALLOC, "alloc_objects", "count",
                  "alloc_space", "bytes"},
    // On-CPU and off-CPU time together, when both are recorded (see wall_profile.h).
    ProfileSource{"wall", "Wall", Mode::cpu, 0, "samples", "count", "wall", "nanoseconds"},
};

}  // namespace

std::span<const ProfileSource> profile_sources() {
  return kSources;
}

const ProfileSource* profile_source(uint32_t source) {
  for (const ProfileSource& entry : kSources)
    if (source != 0 && entry.source == source) return &entry;
  return nullptr;
}

}  // namespace ember::daemon

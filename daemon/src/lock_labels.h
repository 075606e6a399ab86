#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "ember/profile/profile.h"

namespace ember::daemon {

// The names of lock addresses found while the targets lived: (pid, address) → variable name.
using LockNames = std::map<std::pair<uint32_t, uint64_t>, std::string>;

// Puts the string label "lock" on every sample that has lock_addr: the variable's name where
// `names` has one, "kernel 0x..." for kernel locks, else "heap 0x... (first waited in F)" with
// F the first function outside the C and C++ runtimes on the earliest stack that waited on it.
// Refines lock_class by the waiter's frames: a wait under pthread_cond_* or
// std::condition_variable (and not in a mutex lock nearer the leaf, such as re-locking the
// mutex after the wait) is a "condition variable"; one under pthread_rwlock_* or
// std::shared_mutex a "rwlock"; one in a mutex lock a "mutex".
void label_lock_samples(profile::Profile& profile, const LockNames& names);

}  // namespace ember::daemon

#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "ember/profile/profile.h"

namespace ember::daemon {

// The names of target threads, learnt from their off-CPU records (the kernel's comm, so threads
// that exited keep theirs), for naming the threads that wakers woke. Bounded: past kMaxThreads
// new threads go unnamed ("tid N"). Safe to use from several threads.
class ThreadNames {
 public:
  static constexpr size_t kMaxThreads = 65536;

  void remember(uint32_t tid, const char* comm, size_t max_length);
  std::string name(uint32_t tid) const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<uint32_t, std::string> names_;
};

// Puts the string label "woken_thread" on every sample that has the numeric label "woken_tid".
void label_woken_threads(profile::Profile& profile, const ThreadNames& names);

}  // namespace ember::daemon

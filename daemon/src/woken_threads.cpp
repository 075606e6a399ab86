#include "woken_threads.h"

#include <cstring>

namespace ember::daemon {

void ThreadNames::remember(uint32_t tid, const char* comm, size_t max_length) {
  std::lock_guard lock(mutex_);
  auto known = names_.find(tid);
  if (known == names_.end() && names_.size() >= kMaxThreads) return;
  std::string name(comm, strnlen(comm, max_length));
  if (known == names_.end())
    names_.emplace(tid, std::move(name));
  else if (known->second != name)  // renamed, or the tid reused
    known->second = std::move(name);
}

std::string ThreadNames::name(uint32_t tid) const {
  std::lock_guard lock(mutex_);
  auto known = names_.find(tid);
  return known != names_.end() ? known->second : "tid " + std::to_string(tid);
}

void label_woken_threads(profile::Profile& profile, const ThreadNames& names) {
  for (auto& sample : profile.samples)
    if (const profile::Label* tid = sample.label("woken_tid"))
      sample.labels.push_back({"woken_thread", names.name(static_cast<uint32_t>(tid->num)), 0, {}});
}

}  // namespace ember::daemon

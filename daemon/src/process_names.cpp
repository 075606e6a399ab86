#include "process_names.h"

#include "target_process.h"

namespace ember::daemon {

std::string ProcessNames::name(uint32_t pid) {
  {
    std::lock_guard lock(mutex_);
    if (auto known = names_.find(pid); known != names_.end()) return known->second;
    if (names_.size() >= kMaxProcesses) return {};
  }
  learn(pid);
  std::lock_guard lock(mutex_);
  auto learnt = names_.find(pid);
  return learnt == names_.end() ? std::string() : learnt->second;
}

void ProcessNames::exec(uint32_t pid) {
  learn(pid);
}

void ProcessNames::exited(uint32_t pid) {
  std::lock_guard lock(mutex_);
  names_.erase(pid);
}

void ProcessNames::learn(uint32_t pid) {
  std::string name = process_name(pid);  // outside the lock: a read of /proc
  std::lock_guard lock(mutex_);
  if (names_.size() < kMaxProcesses || names_.count(pid)) names_[pid] = std::move(name);
}

void ProcessNames::label(profile::Profile& profile) const {
  std::lock_guard lock(mutex_);
  for (auto& sample : profile.samples) {
    const profile::Label* pid = sample.label("pid");
    if (!pid || sample.label("process")) continue;
    auto known = names_.find(static_cast<uint32_t>(pid->num));
    if (known != names_.end() && !known->second.empty())
      sample.labels.push_back({"process", known->second, 0, {}});
  }
}

}  // namespace ember::daemon

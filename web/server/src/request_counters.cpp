#include "ember/server/request_counters.h"

namespace ember::server {

void RequestCounters::count(int status) {
  std::lock_guard lock(mutex_);
  ++by_status_[status];
}

std::map<int, int64_t> RequestCounters::by_status() const {
  std::lock_guard lock(mutex_);
  return by_status_;
}

}  // namespace ember::server

// HTTP responses counted by status code, for /metrics.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>

namespace ember::server {

class RequestCounters {
 public:
  void count(int status);
  std::map<int, int64_t> by_status() const;

 private:
  mutable std::mutex mutex_;
  std::map<int, int64_t> by_status_;
};

}  // namespace ember::server

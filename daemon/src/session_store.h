// The daemon's sessions, by id. Memory stays bounded: at most max_running sessions record at
// once, and past max_kept sessions the oldest ended ones are forgotten.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ember/result.h"
#include "session.h"

namespace ember::daemon {

struct SessionLimits {
  size_t max_kept = 32;
  size_t max_running = 8;
};

class SessionStore {
 public:
  explicit SessionStore(SessionLimits limits = {});
  ~SessionStore();

  // Whether another session may start now.
  bool has_room() const;
  // Starts a session with the next id. Fails when max_running sessions are recording or the
  // recording cannot start.
  Result<std::shared_ptr<Session>> start(SessionOptions options);
  std::shared_ptr<Session> find(const std::string& id) const;
  std::vector<std::shared_ptr<Session>> list() const;  // newest first
  // Stops the session and forgets it; false when there is no such session.
  bool remove(const std::string& id);
  void stop_all();

 private:
  // Sessions recording or starting; the caller holds mutex_.
  size_t running_locked() const;
  std::vector<std::shared_ptr<Session>> evict_ended();

  const SessionLimits limits_;
  mutable std::mutex mutex_;
  std::map<uint64_t, std::shared_ptr<Session>> sessions_;  // by id, oldest first
  uint64_t next_id_ = 1;
  size_t starting_ = 0;  // slots reserved by start() while a recording starts
};

}  // namespace ember::daemon

// The daemon's sessions, by id. Memory stays bounded: at most max_running sessions record at
// once (max_running_per_user of any one user but root), and past max_kept sessions the oldest
// ended ones are forgotten.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ember/result.h"
#include "session.h"

namespace ember::daemon {

struct SessionLimits {
  size_t max_kept = 32;
  size_t max_running = 8;
  size_t max_running_per_user = 2;  // for each user but root
};

class SessionStore {
 public:
  explicit SessionStore(SessionLimits limits = {});
  ~SessionStore();

  // Whether another session of `owner_uid` may start now; the error says which limit is full.
  Result<void> room_for(uint32_t owner_uid) const;
  // Starts a session with the next id. Fails when room_for(options.owner_uid) does or the
  // recording cannot start.
  Result<std::shared_ptr<Session>> start(SessionOptions options);
  std::shared_ptr<Session> find(const std::string& id) const;
  std::vector<std::shared_ptr<Session>> list() const;  // newest first
  // Stops the session and forgets it; false when there is no such session.
  bool remove(const std::string& id);
  void stop_all();

 private:
  // Sessions recording or starting (of `owner` only, when given); the caller holds mutex_.
  size_t running_locked(std::optional<uint32_t> owner = std::nullopt) const;
  Result<void> room_for_locked(uint32_t owner_uid) const;
  std::vector<std::shared_ptr<Session>> evict_ended();

  const SessionLimits limits_;
  mutable std::mutex mutex_;
  std::map<uint64_t, std::shared_ptr<Session>> sessions_;  // by id, oldest first
  uint64_t next_id_ = 1;
  std::vector<uint32_t> starting_;  // owners of the slots start() holds while a recording starts
};

}  // namespace ember::daemon

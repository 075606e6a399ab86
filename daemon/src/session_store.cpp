#include "session_store.h"

#include <algorithm>
#include <charconv>

namespace ember::daemon {

namespace {

std::optional<uint64_t> parse_id(const std::string& text) {
  uint64_t id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return id;
}

}  // namespace

SessionStore::SessionStore(SessionLimits limits) : limits_(limits) {}

SessionStore::~SessionStore() {
  stop_all();
}

size_t SessionStore::running_locked(std::optional<uint32_t> owner) const {
  auto counted = [&](uint32_t owner_uid) { return !owner || owner_uid == *owner; };
  size_t running = std::count_if(starting_.begin(), starting_.end(), counted);
  for (const auto& [id, session] : sessions_)
    running += counted(session->options().owner_uid) && session->running() ? 1 : 0;
  return running;
}

Result<void> SessionStore::room_for_locked(uint32_t owner_uid) const {
  if (running_locked() >= limits_.max_running)
    return make_error(std::to_string(limits_.max_running) +
                      " sessions are recording, the most at once: stop one first");
  if (owner_uid != 0 && running_locked(owner_uid) >= limits_.max_running_per_user)
    return make_error("you have " + std::to_string(limits_.max_running_per_user) +
                      " sessions recording, the most one user may: stop one first");
  return {};
}

Result<void> SessionStore::room_for(uint32_t owner_uid) const {
  std::lock_guard lock(mutex_);
  return room_for_locked(owner_uid);
}

Result<std::shared_ptr<Session>> SessionStore::start(SessionOptions options) {
  uint64_t id = 0;
  {
    std::lock_guard lock(mutex_);
    if (auto room = room_for_locked(options.owner_uid); !room) return room.error();
    starting_.push_back(options.owner_uid);
    id = next_id_++;
  }
  // Starting loads BPF programs and may take a while: not under the lock.
  const uint32_t owner_uid = options.owner_uid;
  auto started = Session::start(std::to_string(id), std::move(options));
  std::vector<std::shared_ptr<Session>> evicted;
  std::lock_guard lock(mutex_);
  starting_.erase(std::find(starting_.begin(), starting_.end(), owner_uid));
  if (!started) return started.error();
  std::shared_ptr<Session> session(std::move(*started));
  sessions_[id] = session;
  evicted = evict_ended();
  return session;
}

std::vector<std::shared_ptr<Session>> SessionStore::evict_ended() {
  std::vector<std::shared_ptr<Session>> evicted;
  for (auto it = sessions_.begin(); it != sessions_.end() && sessions_.size() > limits_.max_kept;) {
    if (it->second->running()) {
      ++it;
    } else {
      evicted.push_back(std::move(it->second));
      it = sessions_.erase(it);
    }
  }
  return evicted;  // destroyed by the caller, after it lets go of the lock
}

std::shared_ptr<Session> SessionStore::find(const std::string& id) const {
  auto number = parse_id(id);
  if (!number) return nullptr;
  std::lock_guard lock(mutex_);
  auto found = sessions_.find(*number);
  return found == sessions_.end() ? nullptr : found->second;
}

std::vector<std::shared_ptr<Session>> SessionStore::list() const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<Session>> newest_first;
  for (auto it = sessions_.rbegin(); it != sessions_.rend(); ++it)
    newest_first.push_back(it->second);
  return newest_first;
}

bool SessionStore::remove(const std::string& id) {
  auto number = parse_id(id);
  if (!number) return false;
  std::shared_ptr<Session> removed;
  {
    std::lock_guard lock(mutex_);
    auto found = sessions_.find(*number);
    if (found == sessions_.end()) return false;
    removed = std::move(found->second);
    sessions_.erase(found);
  }
  removed->request_stop();
  return true;
}

void SessionStore::stop_all() {
  for (const auto& session : list()) session->request_stop();
  for (const auto& session : list()) session->wait();
}

}  // namespace ember::daemon

// One emberd session: a Recording collecting on its own thread, its markers, and once it has
// ended, its final profile (the Recording, with its BPF programs, is released then).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ember/daemon/recording.h"
#include "ember/latency/latency_series.h"
#include "ember/profile/profile.h"
#include "ember/result.h"

namespace ember::daemon {

struct SessionOptions {
  std::string name;
  std::vector<std::string> modes = {"cpu"};
  RecordingOptions recording;
  uint32_t owner_uid = 0;     // who started it: only they (and root) see and stop it
  bool kernel_frames = true;  // false: kernel frames are taken out of every profile it serves
};

struct Marker {
  int64_t time_nanos = 0;
  std::string label;
};

enum class SessionState { running, finished, failed };
const char* to_string(SessionState state);

// What a session is doing, copied out at one moment.
struct SessionStatus {
  SessionState state = SessionState::running;
  int64_t ended_nanos = 0;  // 0 while running
  std::string error;        // why it failed
  std::vector<Marker> markers;
};

class Session {
 public:
  static constexpr size_t kMaxMarkers = 10000;
  static constexpr size_t kMaxLabelBytes = 200;

  // Starts recording (fails with one line: no such PID, command not found...).
  static Result<std::unique_ptr<Session>> start(std::string id, SessionOptions options);
  // Stops the recording and waits for its thread.
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  const std::string& id() const { return id_; }
  const SessionOptions& options() const { return options_; }
  int64_t started_nanos() const { return started_nanos_; }
  SessionStatus status() const;
  bool running() const;

  // Asks the recording to end; returns at once. wait() returns when it has ended.
  void request_stop();
  void wait() const;
  // Runs `callback` once the session has ended: at once, here, when it already has, else on
  // the session's thread. The callback must not own the session (its thread cannot join
  // itself), hence the reference.
  void when_ended(std::function<void(Session&)> callback);

  Result<Marker> add_marker(Marker marker);

  // The load test's latencies, per second, posted for this session (a new post replaces
  // them); null until then.
  void set_latency(std::shared_ptr<const latency::Series> latency);
  std::shared_ptr<const latency::Series> latency() const;

  // Everything collected so far, symbolized: the profile named `name` (as
  // Recording::profiles() names them: "cpu", "offcpu", "wall"...), null when the session has
  // none of that name; by default the first (an empty profile before there is any). While running,
  // profiles at most kLiveProfileAge old are reused, so that many viewers do not symbolize again
  // and again.
  std::shared_ptr<const profile::Profile> profile(const std::string& name = {});

  // The first profile's statistics, without symbolizing (cheap enough for every poll): while
  // running, the recording's counters, with the symbol counts of the last profile built if
  // any; once ended, the final profile's.
  std::map<std::string, int64_t> stats() const;
  // How often this session's profiles were symbolized (each build symbolizes every source).
  int64_t profile_builds() const { return profile_builds_.load(); }

 private:
  Session(std::string id, SessionOptions options, std::shared_ptr<Recording> recording);
  void collect();

  const std::string id_;
  const SessionOptions options_;
  const int64_t started_nanos_;

  mutable std::mutex mutex_;
  mutable std::condition_variable ended_;
  SessionStatus status_;
  std::shared_ptr<const latency::Series> latency_;
  std::shared_ptr<Recording> recording_;  // null once ended
  // Final once ended, else the last live ones.
  std::shared_ptr<const std::vector<NamedProfile>> profiles_;
  int64_t profiles_built_nanos_ = 0;
  std::vector<std::function<void(Session&)>> on_end_;

  std::mutex build_mutex_;  // one symbolization at a time
  std::atomic<int64_t> profile_builds_{0};
  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace ember::daemon

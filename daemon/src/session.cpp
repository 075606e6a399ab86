#include "session.h"

#include <algorithm>
#include <chrono>
#include <exception>

#include "ember/profile/operations.h"

namespace ember::daemon {

namespace {

// A live profile this recent is served again instead of symbolizing anew.
constexpr int64_t kLiveProfileAgeNanos = 1'000'000'000;

int64_t now_unix_nanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

using Profiles = std::vector<NamedProfile>;

// The profile named `name` in `profiles`, sharing their ownership; with no name the first, or
// an empty one when there is none.
std::shared_ptr<const profile::Profile> find_profile(std::shared_ptr<const Profiles> profiles,
                                                     const std::string& name) {
  if (profiles)
    for (const NamedProfile& named : *profiles)
      if (name.empty() || named.name == name) return {profiles, &named.profile};
  return name.empty() ? std::make_shared<const profile::Profile>() : nullptr;
}

// The recording's profiles as the session's owner may see them.
std::shared_ptr<const Profiles> shown_profiles(Recording& recording,
                                               const SessionOptions& options) {
  Profiles profiles = recording.profiles();
  if (!options.kernel_frames)
    for (NamedProfile& named : profiles)
      named.profile = profile::without_kernel_frames(named.profile);
  return std::make_shared<const Profiles>(std::move(profiles));
}

}  // namespace

const char* to_string(SessionState state) {
  switch (state) {
    case SessionState::running:
      return "running";
    case SessionState::finished:
      return "finished";
    case SessionState::failed:
      return "failed";
  }
  return "failed";
}

Result<std::unique_ptr<Session>> Session::start(std::string id, SessionOptions options) {
  auto recording = Recording::start(options.recording);
  if (!recording) return recording.error();
  std::shared_ptr<Recording> shared(std::move(*recording));
  return std::unique_ptr<Session>(
      new Session(std::move(id), std::move(options), std::move(shared)));
}

Session::Session(std::string id, SessionOptions options, std::shared_ptr<Recording> recording)
    : id_(std::move(id)),
      options_(std::move(options)),
      started_nanos_(now_unix_nanos()),
      recording_(std::move(recording)),
      thread_([this] { collect(); }) {}

Session::~Session() {
  request_stop();
  if (thread_.joinable()) thread_.join();
}

void Session::collect() {
  std::shared_ptr<Recording> recording;
  {
    std::lock_guard lock(mutex_);
    recording = recording_;
  }
  std::string error;
  std::shared_ptr<const Profiles> final_profiles;
  try {
    if (auto ran = recording->run(); !ran) error = ran.error().message;
    std::lock_guard build(build_mutex_);
    final_profiles = shown_profiles(*recording, options_);
    ++profile_builds_;
  } catch (const std::exception& exception) {
    error = std::string("the recording failed: ") + exception.what();
  }
  recording.reset();

  std::vector<std::function<void(Session&)>> callbacks;
  {
    std::lock_guard lock(mutex_);
    status_.state = error.empty() ? SessionState::finished : SessionState::failed;
    status_.error = error;
    status_.ended_nanos = now_unix_nanos();
    if (final_profiles) profiles_ = std::move(final_profiles);
    if (!profiles_) profiles_ = std::make_shared<const Profiles>();
    recording_.reset();  // frees the BPF programs once no reader holds it
    callbacks.swap(on_end_);
  }
  ended_.notify_all();
  for (auto& callback : callbacks) callback(*this);
}

SessionStatus Session::status() const {
  std::lock_guard lock(mutex_);
  return status_;
}

bool Session::running() const {
  std::lock_guard lock(mutex_);
  return status_.state == SessionState::running;
}

void Session::request_stop() {
  std::lock_guard lock(mutex_);
  if (recording_) recording_->request_stop();
}

void Session::wait() const {
  std::unique_lock lock(mutex_);
  ended_.wait(lock, [this] { return status_.state != SessionState::running; });
}

void Session::when_ended(std::function<void(Session&)> callback) {
  {
    std::lock_guard lock(mutex_);
    if (status_.state == SessionState::running) {
      on_end_.push_back(std::move(callback));
      return;
    }
  }
  callback(*this);
}

Result<Marker> Session::add_marker(Marker marker) {
  if (marker.label.empty() || marker.label.size() > kMaxLabelBytes)
    return make_error("a marker label must have 1 to " + std::to_string(kMaxLabelBytes) + " bytes");
  if (marker.time_nanos < 0) return make_error("time_nanos must be Unix nanoseconds, not negative");
  if (marker.time_nanos == 0) marker.time_nanos = now_unix_nanos();
  std::lock_guard lock(mutex_);
  auto& markers = status_.markers;
  if (markers.size() >= kMaxMarkers)
    return make_error("this session has " + std::to_string(kMaxMarkers) +
                      " markers, the most it keeps");
  // Kept in time order, whatever order they were posted in.
  auto position =
      std::upper_bound(markers.begin(), markers.end(), marker.time_nanos,
                       [](int64_t time, const Marker& other) { return time < other.time_nanos; });
  markers.insert(position, marker);
  return marker;
}

void Session::set_latency(std::shared_ptr<const latency::Series> latency) {
  std::lock_guard lock(mutex_);
  latency_ = std::move(latency);
}

std::shared_ptr<const latency::Series> Session::latency() const {
  std::lock_guard lock(mutex_);
  return latency_;
}

std::shared_ptr<const profile::Profile> Session::profile(const std::string& name) {
  auto fresh = [this] {
    return !recording_ ||
           (profiles_ && now_unix_nanos() - profiles_built_nanos_ < kLiveProfileAgeNanos);
  };
  std::shared_ptr<Recording> recording;
  {
    std::lock_guard lock(mutex_);
    if (fresh()) return find_profile(profiles_, name);
  }
  std::lock_guard build(build_mutex_);
  {
    // Someone else may have built them while this thread waited for build_mutex_.
    std::lock_guard lock(mutex_);
    if (fresh()) return find_profile(profiles_, name);
    recording = recording_;
  }
  auto built = shown_profiles(*recording, options_);
  ++profile_builds_;
  std::lock_guard lock(mutex_);
  if (!recording_) return find_profile(profiles_, name);  // ended meanwhile: final is newer
  profiles_ = built;
  profiles_built_nanos_ = now_unix_nanos();
  return find_profile(built, name);
}

std::map<std::string, int64_t> Session::stats() const {
  std::shared_ptr<Recording> recording;
  std::shared_ptr<const Profiles> built;
  {
    std::lock_guard lock(mutex_);
    recording = recording_;
    built = profiles_;
  }
  std::map<std::string, int64_t> stats;
  if (built && !built->empty()) stats = built->front().profile.stats;
  if (recording) {
    const std::vector<NamedStats> live = recording->stats();
    if (!live.empty())
      for (const auto& [name, value] : live.front().stats) stats[name] = value;
  }
  return stats;
}

}  // namespace ember::daemon

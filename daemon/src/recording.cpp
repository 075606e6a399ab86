#include "ember/daemon/recording.h"

#include <atomic>
#include <cstring>

#include "cpu_probe.h"
#include "ember/symbolizer/symbolizer.h"
#include "launched_process.h"
#include "stack_record.h"
#include "target_process.h"

namespace ember::daemon {

namespace {

constexpr int kPollMillis = 100;

int64_t now_unix_nanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

struct Recording::State {
  RecordingOptions options;
  symbolizer::Symbolizer symbolizer;
  MonotonicClock clock;
  std::vector<TargetProcess> targets;
  std::unique_ptr<LaunchedProcess> command;
  std::unique_ptr<CpuProbe> probe;
  std::atomic<bool> stop_requested{false};
  // Written by the collecting thread, read by profile() from any thread.
  std::atomic<int64_t> records{0};
  std::atomic<int64_t> malformed_records{0};
  int64_t started_nanos = 0;
  std::atomic<int64_t> stopped_nanos{0};

  void on_record(const void* data, size_t size);
  bool targets_exited() const;
  void drain();
};

void Recording::State::on_record(const void* data, size_t size) {
  uint32_t kind = 0;
  if (size < sizeof(kind)) {
    ++malformed_records;
    return;
  }
  std::memcpy(&kind, data, sizeof(kind));
  if (kind == EMBER_RECORD_STACK && size >= sizeof(ember_stack_record)) {
    ++records;
    symbolizer.add(to_stack_sample(*static_cast<const ember_stack_record*>(data), clock));
  } else if ((kind == EMBER_RECORD_EXEC || kind == EMBER_RECORD_FORK) &&
             size >= sizeof(ember_process_record)) {
    // The process now runs other code (exec) or is new (fork): read its maps while it lives.
    (void)symbolizer.track_process(static_cast<const ember_process_record*>(data)->pid);
  } else {
    ++malformed_records;
  }
}

bool Recording::State::targets_exited() const {
  if (command) return command->exited();
  for (const auto& target : targets)
    if (!target.exited()) return false;
  return true;
}

void Recording::State::drain() {
  (void)probe->records().drain();
}

Recording::Recording(std::unique_ptr<State> state) : state_(std::move(state)) {}
Recording::~Recording() = default;

Result<std::unique_ptr<Recording>> Recording::start(const RecordingOptions& options) {
  if (options.pids.empty() == options.command.empty())
    return make_error("name what to profile: --pid PID, or -- COMMAND ARGS...");
  auto state = std::make_unique<State>();
  state->options = options;
  for (uint32_t pid : options.pids) {
    auto target = TargetProcess::open(pid);
    if (!target) return target.error();
    state->targets.push_back(std::move(*target));
  }

  State* raw = state.get();
  auto probe = CpuProbe::open({.frequency_hz = options.frequency_hz},
                              [raw](const void* data, size_t size) { raw->on_record(data, size); });
  if (!probe) return probe.error();
  state->probe = std::move(*probe);

  state->started_nanos = now_unix_nanos();
  for (const auto& target : state->targets) {
    if (auto added = state->probe->add_target(target.pid()); !added) return added.error();
    if (auto tracked = state->symbolizer.track_process(target.pid()); !tracked)
      return tracked.error();
  }
  if (!options.command.empty()) {
    auto track = [raw](uint32_t pid) { (void)raw->symbolizer.track_process(pid); };
    auto command = LaunchedProcess::start(options.command, {.on_exec = track, .on_exit = track});
    if (!command) return command.error();
    state->command = std::move(*command);
    if (auto added = state->probe->add_target(state->command->pid()); !added) return added.error();
    if (auto released = state->command->release(); !released) return released.error();
  }
  return std::unique_ptr<Recording>(new Recording(std::move(state)));
}

Result<void> Recording::run() {
  State& state = *state_;
  using Clock = std::chrono::steady_clock;
  const auto deadline = state.options.duration.count() > 0 ? Clock::now() + state.options.duration
                                                           : Clock::time_point::max();
  while (!state.stop_requested.load() && Clock::now() < deadline && !state.targets_exited()) {
    auto polled = state.probe->records().poll(kPollMillis);
    if (!polled) return polled.error();
  }
  state.stopped_nanos = now_unix_nanos();
  state.drain();
  if (state.command && !state.command->exited()) {
    state.command->terminate();
    state.drain();
  }
  return {};
}

void Recording::request_stop() {
  state_->stop_requested.store(true);
}

profile::Profile Recording::profile() {
  State& state = *state_;
  const int64_t period = 1'000'000'000LL / state.options.frequency_hz;
  const int64_t stopped_nanos = state.stopped_nanos.load();
  const int64_t stopped = stopped_nanos ? stopped_nanos : now_unix_nanos();
  profile::Profile result = state.symbolizer.build({
      .sample_types = {{"samples", "count"}, {"cpu", "nanoseconds"}},
      .period_type = {"cpu", "nanoseconds"},
      .period = period,
      .time_nanos = state.started_nanos,
      .duration_nanos = stopped - state.started_nanos,
  });
  const BpfCounters counters = state.probe->counters();
  const symbolizer::SymbolizerStats symbols = state.symbolizer.stats();
  result.default_sample_type = "cpu";
  result.stats["samples"] = state.records;
  result.stats["lost_samples"] =
      static_cast<int64_t>(counters[EMBER_COUNTER_RINGBUF_DROPS]) + state.malformed_records;
  result.stats["kernel_stack_errors"] =
      static_cast<int64_t>(counters[EMBER_COUNTER_KERNEL_STACK_ERRORS]);
  result.stats["user_stack_errors"] =
      static_cast<int64_t>(counters[EMBER_COUNTER_USER_STACK_ERRORS]);
  result.stats["targets_not_followed"] = static_cast<int64_t>(counters[EMBER_COUNTER_TARGETS_FULL]);
  result.stats["frames"] = symbols.frames;
  result.stats["unsymbolized_frames"] = symbols.unsymbolized_frames;
  result.stats["unmapped_frames"] = symbols.unmapped_frames;
  result.stats["frequency_hz"] = state.options.frequency_hz;
  return result;
}

std::optional<int> Recording::command_exit_status() const {
  if (!state_->command || !state_->command->exited()) return std::nullopt;
  return state_->command->exit_status();
}

}  // namespace ember::daemon

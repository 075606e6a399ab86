#include "ember/daemon/recording.h"

#include <atomic>
#include <cstring>
#include <thread>

#include "cpu_probe.h"
#include "ember/profile/stack_roots.h"
#include "ember/symbolizer/symbolizer.h"
#include "launched_process.h"
#include "stack_record.h"
#include "target_process.h"
#include "unwind_worker.h"

namespace ember::daemon {

namespace {

constexpr int kPollMillis = 100;
// How long a launched command's exit waits for its last samples to be unwound while its memory
// is still mapped, and how long the end of a recording waits for the unwinding backlog.
constexpr std::chrono::milliseconds kExitUnwindWait{2000};
constexpr std::chrono::milliseconds kFinalUnwindWait{30000};

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
  std::unique_ptr<UnwindWorker> unwinder;  // CFI unwinding; null with frame pointers only
  std::unique_ptr<LaunchedProcess> command;
  std::unique_ptr<CpuProbe> probe;
  std::atomic<bool> stop_requested{false};
  // Written by the collecting thread, read by profile() from any thread.
  std::atomic<int64_t> records{0};
  std::atomic<int64_t> malformed_records{0};
  // A launched command runs ember's own forked image until it execs: those samples are not the
  // command's. Records arrive in order, so its exec record marks where its own samples begin.
  std::atomic<bool> command_exec_seen{false};
  std::atomic<int64_t> samples_before_exec{0};
  int64_t started_nanos = 0;
  std::atomic<int64_t> stopped_nanos{0};

  void on_record(const void* data, size_t size);
  void on_command_exit(uint32_t pid);
  bool is_before_command_exec(uint32_t kind, const void* data, size_t size);
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
  if (is_before_command_exec(kind, data, size)) {
    ++samples_before_exec;
    return;
  }
  if (kind == EMBER_RECORD_STACK_COPY && size >= sizeof(ember_stack_copy_record) && unwinder) {
    ++records;
    unwinder->push(*static_cast<const ember_stack_copy_record*>(data));
  } else if (kind == EMBER_RECORD_STACK && size >= sizeof(ember_stack_record)) {
    ++records;
    symbolizer.add(to_stack_sample(*static_cast<const ember_stack_record*>(data), clock));
  } else if ((kind == EMBER_RECORD_EXEC || kind == EMBER_RECORD_FORK) &&
             size >= sizeof(ember_process_record)) {
    // The process now runs other code (exec) or is new (fork): read its maps while it lives.
    const uint32_t pid = static_cast<const ember_process_record*>(data)->pid;
    if (unwinder && kind == EMBER_RECORD_EXEC) unwinder->forget_process(pid);
    (void)symbolizer.track_process(pid);
  } else {
    ++malformed_records;
  }
}

bool Recording::State::is_before_command_exec(uint32_t kind, const void* data, size_t size) {
  if (!command || command_exec_seen.load()) return false;
  if (kind == EMBER_RECORD_EXEC && size >= sizeof(ember_process_record) &&
      static_cast<const ember_process_record*>(data)->pid == command->pid()) {
    command_exec_seen = true;
    return false;
  }
  return (kind == EMBER_RECORD_STACK || kind == EMBER_RECORD_STACK_COPY) &&
         size >= sizeof(ember_stack_record) &&
         static_cast<const ember_stack_record*>(data)->pid == command->pid();
}

// The command is stopped just before it exits, its memory still mapped: read its maps and let
// its last samples be unwound now, while its binaries can still be opened through /proc.
void Recording::State::on_command_exit(uint32_t pid) {
  (void)symbolizer.track_process(pid);
  if (!unwinder) return;
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // the collector reads the ring
  unwinder->wait_until_idle(kExitUnwindWait);
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
  const bool copy_stacks = options.unwind != UnwindMode::frame_pointers;
  state->options = options;
  for (uint32_t pid : options.pids) {
    auto target = TargetProcess::open(pid);
    if (!target) return target.error();
    state->targets.push_back(std::move(*target));
  }

  State* raw = state.get();
  if (copy_stacks)
    state->unwinder = std::make_unique<UnwindWorker>(
        options.unwind, state->clock,
        [raw](symbolizer::StackSample sample) { raw->symbolizer.add(sample); });
  auto probe = CpuProbe::open({.frequency_hz = options.frequency_hz,
                               .stack_copy_bytes = copy_stacks ? options.stack_copy_bytes : 0},
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
    // Its exec comes as a record from the probe, like any target's; its exit needs ptrace.
    auto command =
        LaunchedProcess::start(options.command, [raw](uint32_t pid) { raw->on_command_exit(pid); });
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
  if (state.unwinder) state.unwinder->wait_until_idle(kFinalUnwindWait);
  return {};
}

void Recording::request_stop() {
  state_->stop_requested.store(true);
}

profile::Profile Recording::profile() {
  State& state = *state_;
  const auto period = static_cast<int64_t>(state.probe->sample_period_ns());
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
  result.stats["samples_before_exec"] = state.samples_before_exec.load();
  result.stats["stack_copy_errors"] =
      static_cast<int64_t>(counters[EMBER_COUNTER_STACK_COPY_ERRORS]);
  result.stats["frequency_hz"] = state.options.frequency_hz;
  if (state.unwinder)
    for (const auto& [name, value] : state.unwinder->stats()) result.stats[name] = value;
  const profile::RootReach reach = profile::root_reach(result, 0);
  result.stats["stacks"] = reach.total;
  result.stats["stacks_reaching_root"] = reach.reaching_root;
  return result;
}

std::optional<int> Recording::command_exit_status() const {
  if (!state_->command || !state_->command->exited()) return std::nullopt;
  return state_->command->exit_status();
}

}  // namespace ember::daemon

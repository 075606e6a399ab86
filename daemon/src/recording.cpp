#include "ember/daemon/recording.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "alloc_probe.h"
#include "alloc_sampler_path.h"
#include "cpu_probe.h"
#include "ember/daemon/modes.h"
#include "ember/daemon/profile_sources.h"
#include "ember/profile/stack_roots.h"
#include "ember/symbolizer/data_symbols.h"
#include "ember/symbolizer/symbolizer.h"
#include "launched_process.h"
#include "lock_labels.h"
#include "lock_probe.h"
#include "offcpu_probe.h"
#include "process_names.h"
#include "process_probe.h"
#include "runtime/node/node_perf_map_options.h"
#include "runtime/python/python_runtime.h"
#include "sample_pipeline.h"
#include "sampler_frames.h"
#include "short_wait_samples.h"
#include "stack_record.h"
#include "target_cgroup.h"
#include "target_process.h"
#include "wall_profile.h"
#include "woken_threads.h"

namespace ember::daemon {

namespace {

constexpr int kPollMillis = 100;
// How long a launched command's exit waits for its last samples to be unwound while its memory
// is still mapped, and how long the end of a recording waits for the unwinding backlog.
constexpr std::chrono::milliseconds kExitUnwindWait{2000};
constexpr std::chrono::milliseconds kFinalUnwindWait{30000};
// Seconds of slack at 99 Hz on many CPUs: ~3900 frame-pointer records or ~1000 stack copies.
constexpr uint32_t kRingBufferBytes = 8u << 20;
constexpr uint32_t kStackCopyRingBufferBytes = 32u << 20;
// Memory growth: one stack per 64 write page faults (256 KiB of 4 KiB pages).
constexpr uint32_t kFaultSampleEvery = 64;

int64_t now_unix_nanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void update_max(std::atomic<uint64_t>& max, uint64_t value) {
  for (uint64_t seen = max.load(); value > seen && !max.compare_exchange_weak(seen, value);) {
  }
}

// A stack copy record carries only the valid part of its stack (off-CPU slots are sent so).
bool holds_stack_copy(const void* data, size_t size) {
  constexpr size_t header = offsetof(ember_stack_copy_record, stack);
  return size >= header &&
         size >= header + static_cast<const ember_stack_copy_record*>(data)->stack_bytes;
}

}  // namespace

// One mode's samples: symbolized apart, so each mode is its own profile (with the binaries
// parsed once for all of them).
struct SourceSamples {
  const ProfileSource& about;  // what it is (its name, mode, sample types)
  Mode mode;
  uint32_t source;  // enum ember_source: a mode may have several (lock: waits and holders)
  symbolizer::Symbolizer symbolizer;
  std::atomic<int64_t> records{0};
  std::atomic<int64_t> truncated{0};  // stacks that filled every frame a sample keeps
  SourceSamples(const ProfileSource& a, std::shared_ptr<symbolizer::SymbolCache> cache,
                std::shared_ptr<symbolizer::ProcessTable> processes)
      : about(a),
        mode(a.mode),
        source(a.source),
        symbolizer({}, std::move(cache), std::move(processes)) {}
};

struct Recording::State {
  RecordingOptions options;
  MonotonicClock clock;
  // Python frames: layouts go to the process probe's map once it is open; the collector names
  // each record's frames as it arrives.
  PythonRuntime python{[this](uint32_t pid, const ember_python_process* walk) -> Result<void> {
    if (!process_probe) return {};
    return process_probe->set_python_process(pid, walk);
  }};
  std::vector<std::unique_ptr<SourceSamples>> sources;  // in the order of options.modes
  std::shared_ptr<symbolizer::SymbolCache> symbol_cache =
      std::make_shared<symbolizer::SymbolCache>();
  // The one view of every target process, for every source's symbolizer and the unwinder.
  std::shared_ptr<symbolizer::ProcessTable> processes =
      std::make_shared<symbolizer::ProcessTable>();
  std::vector<TargetProcess> targets;
  std::optional<TargetCgroup> cgroup;
  std::unique_ptr<SamplePipeline> pipeline;  // every record, in order, after the ring buffer
  // One reader of the ring buffer at a time: the collector, or a launched command's exit,
  // which the collector lets go first (std::mutex is not fair: re-locking in a loop would
  // starve it while the command waits stopped).
  std::mutex ring_mutex;
  std::atomic<int> ring_wanted{0};
  std::unique_ptr<LaunchedProcess> command;
  std::unique_ptr<ProcessProbe> process_probe;
  std::unique_ptr<CpuProbe> cpu_probe;
  std::unique_ptr<OffCpuProbe> offcpu_probe;
  std::unique_ptr<AllocProbe> alloc_probe;
  std::unique_ptr<LockProbe> lock_probe;
  bool alloc_sampler = false;  // alloc samples come from the preloaded sampler's picks
  std::atomic<uint64_t> alloc_sample_bytes_max{0};  // the largest mean a pick was made with
  // Lock addresses named while the targets live (pipeline thread; profiles() reads them).
  symbolizer::DataSymbols data_symbols;
  std::mutex lock_names_mutex;
  LockNames lock_names;
  std::set<std::pair<uint32_t, uint64_t>> locks_seen;
  ThreadNames offcpu_threads;  // who the woken threads in waker samples are
  ProcessNames process_names;
  std::atomic<bool> stop_requested{false};
  // Written by the collecting thread, read by profiles() from any thread.
  std::atomic<int64_t> malformed_records{0};
  // A launched command runs ember's own forked image until it execs: those samples are not the
  // command's. Records arrive in order, so its exec record marks where its own samples begin.
  std::atomic<bool> command_exec_seen{false};
  std::atomic<int64_t> samples_before_exec{0};
  int64_t started_nanos = 0;
  std::atomic<int64_t> stopped_nanos{0};

  // The pipeline's thread uses everything above: it goes first.
  ~State() { pipeline.reset(); }

  SourceSamples* source(uint32_t source);
  void add_source(const ProfileSource& about);
  void track_process(uint32_t pid);
  Result<void> follow_scope();
  void on_record(const void* data, size_t size);
  void on_sample(PipelineSample& sample);
  void name_lock(const PipelineSample& sample);
  void on_command_exit(uint32_t pid);
  bool is_before_command_exec(uint32_t kind, const void* data, size_t size);
  bool targets_exited() const;
  void drain();
  std::map<std::string, int64_t> collection_stats() const;
  std::map<std::string, int64_t> source_stats(const SourceSamples& samples) const;
  Result<std::vector<std::string>> open_alloc_probe(uint32_t stack_copy_bytes);
  void add_alloc_stats(profile::Profile& result);
  profile::Profile build(SourceSamples& source);
};

SourceSamples* Recording::State::source(uint32_t source) {
  for (auto& samples : sources)
    if (samples->source == source) return samples.get();
  return nullptr;
}

void Recording::State::add_source(const ProfileSource& about) {
  sources.push_back(std::make_unique<SourceSamples>(about, symbol_cache, processes));
}

void Recording::State::track_process(uint32_t pid) {
  (void)processes->track(pid);  // a process that has exited since is no error
  python.attach(pid);
}

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
  const bool is_sample = (kind == EMBER_RECORD_STACK && size >= sizeof(ember_stack_record)) ||
                         (kind == EMBER_RECORD_STACK_COPY && holds_stack_copy(data, size) &&
                          options.unwind != UnwindMode::frame_pointers);
  if (is_sample) {
    const auto& record = *static_cast<const ember_stack_record*>(data);
    SourceSamples* samples = source(record.source);
    if (!samples) {
      ++malformed_records;
      return;
    }
    ++samples->records;
    if (record.source == EMBER_SOURCE_ALLOC && record.state == EMBER_ALLOC_SAMPLED)
      update_max(alloc_sample_bytes_max, record.detail);
    if (record.source == EMBER_SOURCE_OFFCPU && options.offcpu_wakers)
      offcpu_threads.remember(record.tid, record.comm, sizeof(record.comm));
    PipelineSample sample{record.source, record.state, record.detail,
                          to_stack_sample(record, clock)};
    // The name the process has now: after an exec, or in a process reusing an exited one's
    // PID, another.
    if (std::string name = process_names.name(record.pid); !name.empty())
      sample.sample.labels.push_back({"process", std::move(name), 0, {}});
    // Runtime frames are named now, in record order, while their code lives: a short-lived
    // program frees its code as it exits, and an exec replaces it.
    python.resolve(sample.sample);
    if (kind == EMBER_RECORD_STACK_COPY)
      pipeline->push(std::move(sample), *static_cast<const ember_stack_copy_record*>(data));
    else
      pipeline->push(std::move(sample));
  } else if ((kind == EMBER_RECORD_EXEC || kind == EMBER_RECORD_FORK ||
              kind == EMBER_RECORD_TARGET_FOUND) &&
             size >= sizeof(ember_process_record)) {
    // The process now runs other code (exec), is new (fork) or newly found (in the target
    // cgroup, or with every process a target; it may have the PID of one that exited): read
    // its maps while it lives, for the samples after this record.
    const uint32_t pid = static_cast<const ember_process_record*>(data)->pid;
    python.forget(pid);
    python.attach(pid);  // the new image: its layout for the walk from now on
    process_names.exec(pid);
    pipeline->push_new_image(pid);  // applies after the samples before it, in record order
  } else if (kind == EMBER_RECORD_LOADER_CHANGE && size >= sizeof(ember_process_record)) {
    pipeline->push_loader_change(static_cast<const ember_process_record*>(data)->pid);
  } else if (kind == EMBER_RECORD_EXIT && size >= sizeof(ember_process_record)) {
    const uint32_t pid = static_cast<const ember_process_record*>(data)->pid;
    python.forget(pid);
    process_names.exited(pid);
    pipeline->push_exit(pid);
  } else {
    ++malformed_records;
  }
}

// The pipeline's last stage, on its thread, in record order.
void Recording::State::on_sample(PipelineSample& sample) {
  const bool about_a_lock =
      sample.source == EMBER_SOURCE_LOCK || sample.source == EMBER_SOURCE_LOCK_HOLDER;
  if (about_a_lock && sample.detail && sample.state != EMBER_LOCK_KERNEL) name_lock(sample);
  SourceSamples* samples = source(sample.source);
  if (!samples) return;
  if (sample.sample.user_ips.size() >= EMBER_MAX_STACK_DEPTH ||
      sample.sample.kernel_ips.size() >= EMBER_MAX_STACK_DEPTH)
    ++samples->truncated;
  samples->symbolizer.add(sample.sample);
}

// Named on first sight, while the process lives: a global or static's name from the symbols of
// the file whose data holds it.
void Recording::State::name_lock(const PipelineSample& sample) {
  const std::pair<uint32_t, uint64_t> key{sample.sample.pid, sample.detail};
  if (!locks_seen.insert(key).second) return;
  std::string name = data_symbols.name(key.first, key.second);
  if (name.empty()) return;
  std::lock_guard lock(lock_names_mutex);
  lock_names[key] = std::move(name);
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

// The command is stopped just before it exits, its memory still mapped, and every sample it
// gave is in the ring buffer: read them (and its exec records) now, re-read its maps after
// them, and let the pipeline finish them while its binaries can still be opened through /proc.
void Recording::State::on_command_exit(uint32_t pid) {
  drain();
  pipeline->push_track(pid);
  pipeline->wait_until_idle(kExitUnwindWait);
}

// A cgroup's processes are found in the kernel as they run; those there now are added at once,
// so threads already waiting count from the start (off-CPU) and every map is read now.
Result<void> Recording::State::follow_scope() {
  if (options.all_processes) return process_probe->follow_all_processes();
  if (!cgroup) return {};
  if (auto followed = process_probe->follow_cgroup(cgroup->fd()); !followed) return followed;
  for (uint32_t pid : cgroup->processes()) {
    if (pid == static_cast<uint32_t>(getpid())) continue;
    if (auto added = process_probe->add_target(pid); !added) return added;
    track_process(pid);  // a process that has exited since is no error
  }
  return {};
}

bool Recording::State::targets_exited() const {
  if (options.all_processes || cgroup) return false;
  if (command) return command->exited();
  for (const auto& target : targets)
    if (!target.exited()) return false;
  return true;
}

void Recording::State::drain() {
  ++ring_wanted;
  std::lock_guard lock(ring_mutex);
  --ring_wanted;
  (void)process_probe->records().drain();
}

Recording::Recording(std::unique_ptr<State> state) : state_(std::move(state)) {}
Recording::~Recording() = default;

Result<std::unique_ptr<Recording>> Recording::start(const RecordingOptions& options) {
  if (options.target_kinds() != 1)
    return make_error(
        "name what to profile, one of: --pid PID, --cgroup PATH, --all, or -- COMMAND ARGS...");
  if (options.modes.empty()) return make_error("name at least one mode to record");
  auto state = std::make_unique<State>();
  const bool copy_stacks = options.unwind != UnwindMode::frame_pointers;
  const uint32_t stack_copy_bytes = copy_stacks ? options.stack_copy_bytes : 0;
  state->options = options;
  // Every profile of the modes that records of its own make, in the order the modes were named.
  for (const std::string& name : profile_names(options.modes, options.offcpu_wakers))
    for (const ProfileSource& about : profile_sources())
      if (about.name == name && about.source != 0) state->add_source(about);
  for (uint32_t pid : options.pids) {
    auto target = TargetProcess::open(pid);
    if (!target) return target.error();
    state->targets.push_back(std::move(*target));
  }
  if (!options.cgroup.empty()) {
    auto cgroup = TargetCgroup::open(options.cgroup);
    if (!cgroup) return cgroup.error();
    state->cgroup = std::move(*cgroup);
  }

  State* raw = state.get();
  state->pipeline = std::make_unique<SamplePipeline>(
      options.unwind, state->processes, [raw](PipelineSample& sample) { raw->on_sample(sample); });
  auto process_probe =
      ProcessProbe::open(copy_stacks ? kStackCopyRingBufferBytes : kRingBufferBytes,
                         [raw](const void* data, size_t size) { raw->on_record(data, size); });
  if (!process_probe) return process_probe.error();
  state->process_probe = std::move(*process_probe);
  if (state->source(EMBER_SOURCE_CPU)) {
    auto probe =
        CpuProbe::open({.frequency_hz = options.frequency_hz, .stack_copy_bytes = stack_copy_bytes},
                       *state->process_probe);
    if (!probe) return probe.error();
    state->cpu_probe = std::move(*probe);
  }
  if (state->source(EMBER_SOURCE_OFFCPU)) {
    auto probe = OffCpuProbe::open({.min_block = options.offcpu_min_block,
                                    .stack_copy_bytes = stack_copy_bytes,
                                    .wakers = options.offcpu_wakers},
                                   *state->process_probe);
    if (!probe) return probe.error();
    state->offcpu_probe = std::move(*probe);
  }
  if (state->source(EMBER_SOURCE_LOCK)) {
    auto probe = LockProbe::open({.stack_copy_bytes = stack_copy_bytes}, *state->process_probe);
    if (!probe) return probe.error();
    state->lock_probe = std::move(*probe);
  }

  std::vector<std::string> command_environment;
  if (state->source(EMBER_SOURCE_ALLOC)) {
    auto environment = state->open_alloc_probe(stack_copy_bytes);
    if (!environment) return environment.error();
    command_environment = std::move(*environment);
  }

  state->started_nanos = now_unix_nanos();
  for (const auto& target : state->targets) {
    if (auto added = state->process_probe->add_target(target.pid()); !added) return added.error();
    if (auto tracked = state->processes->track(target.pid()); !tracked) return tracked.error();
    state->python.attach(target.pid());
  }
  if (auto followed = state->follow_scope(); !followed) return followed.error();
  if (state->offcpu_probe)
    if (auto marked = state->offcpu_probe->mark_blocked_threads(); !marked) return marked.error();
  if (!options.command.empty()) {
    command_environment.push_back(node_options_with_perf_map(std::getenv("NODE_OPTIONS")));
    // Its exec comes as a record from the probe, like any target's; its exit needs ptrace.
    auto command = LaunchedProcess::start(
        options.command, [raw](uint32_t pid) { raw->on_command_exit(pid); }, command_environment);
    if (!command) return command.error();
    state->command = std::move(*command);
    if (auto added = state->process_probe->add_target(state->command->pid()); !added)
      return added.error();
    if (auto released = state->command->release(); !released) return released.error();
  }
  return std::unique_ptr<Recording>(new Recording(std::move(state)));
}

// A launched command gets the preloaded sampler (its picks weighed in user space); live
// processes, or --alloc-sample 0, get memory growth. Returns the command's extra environment.
Result<std::vector<std::string>> Recording::State::open_alloc_probe(uint32_t stack_copy_bytes) {
  const bool sampler = !options.command.empty() && options.alloc_sample_bytes > 0;
  std::vector<std::string> environment;
  if (sampler) {
    auto library = alloc_sampler_path();
    if (!library) return library.error();
    const char* preloaded = std::getenv("LD_PRELOAD");
    environment = {
        "LD_PRELOAD=" + *library + (preloaded ? std::string(":") + preloaded : ""),
        "EMBER_ALLOC_SAMPLE_BYTES=" + std::to_string(options.alloc_sample_bytes),
        "EMBER_ALLOC_MAX_OVERHEAD=" + std::to_string(options.alloc_max_overhead_percent / 100)};
    alloc_sampler = true;
  }
  auto probe = AllocProbe::open({.stack_copy_bytes = stack_copy_bytes,
                                 .sampler_markers = sampler,
                                 .memory_growth = !sampler,
                                 .fault_sample_every = kFaultSampleEvery},
                                *process_probe);
  if (!probe) return probe.error();
  alloc_probe = std::move(*probe);
  return environment;
}

Result<void> Recording::run() {
  State& state = *state_;
  using Clock = std::chrono::steady_clock;
  const auto deadline = state.options.duration.count() > 0 ? Clock::now() + state.options.duration
                                                           : Clock::time_point::max();
  while (!state.stop_requested.load() && Clock::now() < deadline && !state.targets_exited()) {
    while (state.ring_wanted.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::lock_guard lock(state.ring_mutex);
    auto polled = state.process_probe->records().poll(kPollMillis);
    if (!polled) return polled.error();
  }
  state.stopped_nanos = now_unix_nanos();
  state.drain();
  if (state.offcpu_probe)
    state.offcpu_probe->flush_blocked_threads(
        [&state](const void* data, size_t size) { state.on_record(data, size); });
  if (state.command && !state.command->exited()) {
    state.command->terminate();
    state.drain();
  }
  state.pipeline->wait_until_idle(kFinalUnwindWait);
  return {};
}

void Recording::request_stop() {
  state_->stop_requested.store(true);
}

// The counters every profile of the recording shares: losses in the kernel and in the reader.
std::map<std::string, int64_t> Recording::State::collection_stats() const {
  const BpfCounters counters = process_probe->counters();
  auto counter = [&](ember_counter which) { return static_cast<int64_t>(counters[which]); };
  return {
      {"lost_samples", counter(EMBER_COUNTER_RINGBUF_DROPS) + malformed_records},
      {"kernel_stack_errors", counter(EMBER_COUNTER_KERNEL_STACK_ERRORS)},
      {"user_stack_errors", counter(EMBER_COUNTER_USER_STACK_ERRORS)},
      {"targets_not_followed", counter(EMBER_COUNTER_TARGETS_FULL)},
      {"samples_before_exec", samples_before_exec.load()},
      {"stack_copy_errors", counter(EMBER_COUNTER_STACK_COPY_ERRORS)},
      {"offcpu_threads_not_tracked", counter(EMBER_COUNTER_BLOCKED_FULL)},
      {"short_waits_not_counted", counter(EMBER_COUNTER_SHORT_WAITS_FULL)},
      {"lock_waits_not_tracked", counter(EMBER_COUNTER_LOCK_WAITS_FULL)},
      {"runtime_stacks_truncated", counter(EMBER_COUNTER_RUNTIME_TRUNCATED)},
      {"runtime_stacks_unreadable", counter(EMBER_COUNTER_RUNTIME_UNREADABLE)},
      {"frequency_hz", options.frequency_hz},
      {"loader_watched", process_probe->watches_loader() ? 1 : 0},
  };
}

// What one source's profile reports that needs no symbolization: cheap at any time.
std::map<std::string, int64_t> Recording::State::source_stats(const SourceSamples& samples) const {
  std::map<std::string, int64_t> stats = collection_stats();
  stats["samples"] = samples.records;
  stats["truncated_stacks"] = samples.truncated;
  int64_t unwind_failures = 0;
  for (const auto& [name, value] : pipeline->stats(samples.source)) {
    stats[name] = value;
    if (name.starts_with("unwind_stop_")) unwind_failures += value;
  }
  stats["unwind_failures"] = unwind_failures;
  for (const auto& [name, value] : python.stats()) stats[name] = value;
  if (samples.mode == Mode::offcpu)
    stats["offcpu_min_block_nanos"] = offcpu_probe->min_block().count();
  if (samples.mode == Mode::lock) stats["kernel_lock_contention"] = lock_probe->kernel_locks();
  return stats;
}

profile::Profile Recording::State::build(SourceSamples& samples) {
  const int64_t stopped = stopped_nanos.load() ? stopped_nanos.load() : now_unix_nanos();
  symbolizer::BuildOptions build;
  build.time_nanos = started_nanos;
  build.duration_nanos = stopped - started_nanos;
  const ProfileSource& about = samples.about;
  build.sample_types = {{std::string(about.count_type), std::string(about.count_unit)},
                        {std::string(about.value_type), std::string(about.value_unit)}};
  if (samples.source == EMBER_SOURCE_CPU)
    build.period = static_cast<int64_t>(cpu_probe->sample_period_ns());
  if (samples.source == EMBER_SOURCE_ALLOC && alloc_sampler)
    build.period = static_cast<int64_t>(options.alloc_sample_bytes);
  build.period_type = build.sample_types[1];
  profile::Profile result = samples.symbolizer.build(build);
  if (samples.mode == Mode::alloc && alloc_sampler)
    trim_sampler_frames(result, EMBER_ALLOC_SAMPLER_NAME);
  result.default_sample_type = build.sample_types[1].type;
  result.stats = source_stats(samples);
  const symbolizer::SymbolizerStats symbols = samples.symbolizer.stats();
  result.stats["frames"] = symbols.frames;
  result.stats["unsymbolized_frames"] = symbols.unsymbolized_frames;
  result.stats["unmapped_frames"] = symbols.unmapped_frames;
  for (std::string& note : python.notes()) result.comments.push_back(std::move(note));
  const profile::RootReach reach = profile::root_reach(result, 0);
  result.stats["stacks"] = reach.total;
  result.stats["stacks_reaching_root"] = reach.reaching_root;
  if (samples.source == EMBER_SOURCE_OFFCPU)
    add_short_wait_samples(result, offcpu_probe->short_waits(), offcpu_probe->min_block());
  process_names.label(result);
  if (samples.source == EMBER_SOURCE_WAKER) label_woken_threads(result, offcpu_threads);
  if (samples.mode == Mode::lock) {
    std::lock_guard lock(lock_names_mutex);
    label_lock_samples(result, lock_names);
  }
  if (samples.mode == Mode::alloc) add_alloc_stats(result);
  return result;
}

void Recording::State::add_alloc_stats(profile::Profile& result) {
  const AllocTotals totals = alloc_probe->totals();
  auto total = [&](ember_alloc_total which) { return static_cast<int64_t>(totals[which]); };
  if (alloc_sampler) {
    result.stats["alloc_sample_bytes"] = static_cast<int64_t>(options.alloc_sample_bytes);
    // Above alloc_sample_bytes when the sampler had to pick less often to stay in its budget.
    result.stats["alloc_sample_bytes_max"] = static_cast<int64_t>(alloc_sample_bytes_max.load());
    return;
  }
  result.stats["brk_grown_bytes"] = total(EMBER_ALLOC_TOTAL_BRK);
  result.stats["brk_shrunk_bytes"] = total(EMBER_ALLOC_TOTAL_BRK_SHRUNK);
  result.stats["mapped_bytes"] = total(EMBER_ALLOC_TOTAL_MMAP);
  result.stats["unmapped_bytes"] = total(EMBER_ALLOC_TOTAL_MUNMAP);
  result.stats["page_fault_bytes"] = total(EMBER_ALLOC_TOTAL_PAGE_FAULTS);
  result.stats["page_faults_per_sample"] = kFaultSampleEvery;
}

std::vector<NamedProfile> Recording::profiles() {
  State& state = *state_;
  std::vector<NamedProfile> result;
  auto built = [&](const char* name) -> const profile::Profile& {
    return std::find_if(result.begin(), result.end(),
                        [&](const NamedProfile& p) { return p.name == name; })
        ->profile;
  };
  for (const std::string& name : profile_names(state.options.modes, state.options.offcpu_wakers)) {
    if (name == "wall") {
      result.push_back({name, wall_profile(built("cpu"), built("offcpu"))});
      continue;
    }
    for (auto& samples : state.sources)
      if (samples->about.name == name) result.push_back({name, state.build(*samples)});
  }
  return result;
}

std::vector<NamedStats> Recording::stats() const {
  const State& state = *state_;
  std::vector<NamedStats> result;
  for (const std::string& name : profile_names(state.options.modes, state.options.offcpu_wakers))
    for (const auto& samples : state.sources)
      if (samples->about.name == name) result.push_back({name, state.source_stats(*samples)});
  return result;
}

profile::Profile Recording::profile() {
  return state_->build(*state_->sources.front());
}

std::optional<int> Recording::command_exit_status() const {
  if (!state_->command || !state_->command->exited()) return std::nullopt;
  return state_->command->exit_status();
}

}  // namespace ember::daemon

#include "ember/symbolizer/symbolizer.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "ember/profile/builder.h"
#include "ember/symbolizer/process_maps.h"
#include "frame_resolver.h"
#include "kernel_symbols.h"
#include "module_cache.h"
#include "process_mappings.h"
#include "profile_assembler.h"
#include "sample_key.h"

namespace ember::symbolizer {
namespace {

using Clock = std::chrono::steady_clock;

// An address outside every known mapping makes add() re-read the process's maps (it may
// have dlopen'ed or JIT-compiled since). Garbage addresses from a failed unwind, or samples
// that arrive after the process exited, would then re-read on every sample; this caps the
// rate per process. Short, because a starting program maps its libraries within
// milliseconds of its first samples.
constexpr auto kMinMapsRereadInterval = std::chrono::milliseconds(5);

struct Aggregate {
  std::vector<int64_t> values;
  uint64_t order = 0;  // first-seen order, so build() output does not depend on hashing
};

struct TrackedProcess {
  ProcessMappings mappings;
  Clock::time_point last_read{};
};

}  // namespace

struct Symbolizer::State {
  explicit State(SymbolizerOptions opts) : options(std::move(opts)), modules(options.debug_root) {}

  const SymbolizerOptions options;

  // Collection side: add() and track_process() hold this only briefly.
  mutable std::mutex mutex;
  std::unordered_map<uint32_t, TrackedProcess> processes;
  std::unordered_map<SampleKey, Aggregate, SampleKeyHash> samples;
  SymbolizerStats stats;

  // Symbolization side: caches that build() fills, guarded separately so that a long build
  // does not stall add().
  std::mutex build_mutex;
  ModuleCache modules;
  std::optional<KernelSymbols> kernel_symbols;  // loaded on first use

  // Re-reads the maps of `process`. On failure (the process exited) the pins it had stay.
  // Caller holds `mutex`.
  Result<void> read_maps_locked(uint32_t pid, TrackedProcess& process) {
    process.last_read = Clock::now();
    auto entries = read_maps(options.proc_root, pid);
    if (!entries) return entries.error();
    process.mappings.update(*entries, options.proc_root, pid);
    return {};
  }

  // Caller holds `mutex`.
  std::shared_ptr<const PinnedMapping> pin_locked(uint32_t pid, TrackedProcess& process,
                                                  uint64_t address) {
    if (auto mapping = process.mappings.find(address)) return mapping;
    if (Clock::now() - process.last_read < kMinMapsRereadInterval) return nullptr;
    if (!read_maps_locked(pid, process)) return nullptr;
    return process.mappings.find(address);
  }
};

Symbolizer::Symbolizer(SymbolizerOptions options)
    : state_(std::make_unique<State>(std::move(options))) {}

Symbolizer::~Symbolizer() = default;

Result<void> Symbolizer::track_process(uint32_t pid) {
  std::lock_guard lock(state_->mutex);
  auto [it, inserted] = state_->processes.try_emplace(pid);
  auto result = state_->read_maps_locked(pid, it->second);
  if (!result) {
    if (inserted) state_->processes.erase(it);
    return make_error("cannot read memory maps of process " + std::to_string(pid) + ": " +
                      result.error().message);
  }
  state_->stats.processes = static_cast<int64_t>(state_->processes.size());
  return {};
}

void Symbolizer::add(const StackSample& sample) {
  SampleKey key;
  key.pid = sample.pid;
  key.tid = sample.tid;
  key.thread_name = sample.thread_name;
  key.kernel_ips = sample.kernel_ips;
  key.time_nanos = sample.time_nanos;
  key.labels = sample.labels;
  std::lock_guard lock(state_->mutex);
  if (!sample.user_ips.empty()) {
    auto [it, inserted] = state_->processes.try_emplace(sample.pid);
    TrackedProcess& process = it->second;
    if (inserted) {
      // First sight of this process: pin its mappings now, while it still exists.
      (void)state_->read_maps_locked(sample.pid, process);
      state_->stats.processes = static_cast<int64_t>(state_->processes.size());
    }
    key.user_frames.reserve(sample.user_ips.size());
    for (uint64_t ip : sample.user_ips)
      key.user_frames.push_back({state_->pin_locked(sample.pid, process, ip), ip});
  }
  auto [it, inserted] = state_->samples.try_emplace(std::move(key));
  Aggregate& aggregate = it->second;
  if (inserted) aggregate.order = state_->samples.size();
  std::vector<int64_t>& values = aggregate.values;
  if (values.size() < sample.values.size()) values.resize(sample.values.size());
  for (size_t i = 0; i < sample.values.size(); ++i) values[i] += sample.values[i];
}

profile::Profile Symbolizer::build(const BuildOptions& options) {
  // Copy under the collection lock, symbolize outside it: add() must not wait for a build.
  std::vector<std::pair<SampleKey, Aggregate>> snapshot;
  {
    std::lock_guard lock(state_->mutex);
    snapshot.assign(state_->samples.begin(), state_->samples.end());
  }
  std::sort(snapshot.begin(), snapshot.end(),
            [](const auto& a, const auto& b) { return a.second.order < b.second.order; });

  uint64_t kernel_start = UINT64_MAX;
  uint64_t kernel_end = 0;
  for (const auto& [key, aggregate] : snapshot) {
    for (uint64_t ip : key.kernel_ips) {
      kernel_start = std::min(kernel_start, ip);
      kernel_end = std::max(kernel_end, ip);
    }
  }

  std::lock_guard build_lock(state_->build_mutex);
  if (state_->options.kernel && !state_->kernel_symbols) {
    auto loaded = KernelSymbols::load(state_->options.proc_root + "/kallsyms");
    state_->kernel_symbols = loaded ? std::move(*loaded) : KernelSymbols{};
  }
  const KernelSymbols* kernel = state_->options.kernel ? &*state_->kernel_symbols : nullptr;
  FrameResolver resolver(state_->modules, kernel, state_->options.proc_root);
  profile::ProfileBuilder builder(options.sample_types);
  ProfileAssembler assembler(resolver, builder, kernel_start,
                             kernel_end == UINT64_MAX ? kernel_end : kernel_end + 1);
  for (auto& [key, aggregate] : snapshot) {
    aggregate.values.resize(options.sample_types.size());
    assembler.add(key, aggregate.values);
  }

  profile::Profile& profile = builder.profile();
  profile.period_type = options.period_type;
  profile.period = options.period;
  profile.time_nanos = options.time_nanos;
  profile.duration_nanos = options.duration_nanos;
  const FrameCounts& counts = assembler.counts();
  profile.stats["unsymbolized_frames"] = counts.unsymbolized;
  profile.stats["unmapped_frames"] = counts.unmapped;

  std::lock_guard lock(state_->mutex);
  state_->stats.frames = counts.frames;
  state_->stats.unsymbolized_frames = counts.unsymbolized;
  state_->stats.unmapped_frames = counts.unmapped;
  state_->stats.modules = static_cast<int64_t>(state_->modules.size());
  return std::move(builder).build();
}

SymbolizerStats Symbolizer::stats() const {
  std::lock_guard lock(state_->mutex);
  return state_->stats;
}

}  // namespace ember::symbolizer

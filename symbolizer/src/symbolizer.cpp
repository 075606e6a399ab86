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
#include "process_mappings.h"
#include "profile_assembler.h"
#include "sample_key.h"
#include "symbol_cache_state.h"

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
  State(SymbolizerOptions opts, std::shared_ptr<SymbolCache> shared)
      : options(std::move(opts)),
        cache(shared ? std::move(shared) : std::make_shared<SymbolCache>(options.debug_root)) {}

  const SymbolizerOptions options;

  // Collection side: add() and track_process() hold this only briefly.
  mutable std::mutex mutex;
  std::unordered_map<uint32_t, TrackedProcess> processes;
  std::unordered_map<SampleKey, Aggregate, SampleKeyHash> samples;
  SymbolizerStats stats;

  // Symbolization side: caches that build() fills, guarded by their own mutex so that a long
  // build does not stall add().
  const std::shared_ptr<SymbolCache> cache;

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
    if (auto mapping = code_mapping(process, address)) return mapping;
    if (Clock::now() - process.last_read < kMinMapsRereadInterval) return nullptr;
    if (!read_maps_locked(pid, process)) return nullptr;
    return code_mapping(process, address);
  }

  // Code runs only from executable mappings. A read-only one at a code address is a stale
  // view: the dynamic loader first reserves a library's whole span read-only, then maps its
  // segments over it, and maps read in between show the reservation.
  static std::shared_ptr<const PinnedMapping> code_mapping(const TrackedProcess& process,
                                                           uint64_t address) {
    auto mapping = process.mappings.find(address);
    return mapping && mapping->executable ? mapping : nullptr;
  }

  // Frames left unpinned at add() (their mapping was not yet in the maps read, and re-reads
  // are rate-limited) get the mappings read since: a library mapped while the process started
  // is there by now. Caller holds `mutex`.
  void pin_late_locked(SampleKey& key) const {
    auto process = processes.find(key.pid);
    if (process == processes.end()) return;
    for (PinnedFrame& frame : key.user_frames)
      if (!frame.mapping) frame.mapping = code_mapping(process->second, frame.address);
  }
};

Symbolizer::Symbolizer(SymbolizerOptions options, std::shared_ptr<SymbolCache> cache)
    : state_(std::make_unique<State>(std::move(options), std::move(cache))) {}

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
    for (auto& [key, aggregate] : snapshot) state_->pin_late_locked(key);
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

  SymbolCache::State& cache = *state_->cache->state_;
  std::unique_lock cache_lock(cache.mutex);
  if (state_->options.kernel && !cache.kernel_symbols) {
    auto loaded = KernelSymbols::load(state_->options.proc_root + "/kallsyms");
    cache.kernel_symbols = loaded ? std::move(*loaded) : KernelSymbols{};
  }
  const KernelSymbols* kernel = state_->options.kernel ? &*cache.kernel_symbols : nullptr;
  FrameResolver resolver(cache.modules, kernel, state_->options.proc_root);
  profile::ProfileBuilder builder(options.sample_types);
  ProfileAssembler assembler(resolver, builder, kernel_start,
                             kernel_end == UINT64_MAX ? kernel_end : kernel_end + 1);
  for (const auto& [key, aggregate] : snapshot)
    if (assembler.add_main_mapping(key)) break;
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
  const auto modules = static_cast<int64_t>(cache.modules.size());
  cache_lock.unlock();
  profile.stats["unsymbolized_frames"] = counts.unsymbolized;
  profile.stats["unmapped_frames"] = counts.unmapped;

  std::lock_guard lock(state_->mutex);
  state_->stats.frames = counts.frames;
  state_->stats.unsymbolized_frames = counts.unsymbolized;
  state_->stats.unmapped_frames = counts.unmapped;
  state_->stats.modules = modules;
  return std::move(builder).build();
}

SymbolizerStats Symbolizer::stats() const {
  std::lock_guard lock(state_->mutex);
  return state_->stats;
}

}  // namespace ember::symbolizer

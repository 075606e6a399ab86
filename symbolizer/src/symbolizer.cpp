#include "ember/symbolizer/symbolizer.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "ember/profile/builder.h"
#include "ember/symbolizer/process_maps.h"
#include "frame_resolver.h"
#include "process_mappings.h"
#include "process_table_state.h"
#include "profile_assembler.h"
#include "sample_key.h"
#include "symbol_cache_state.h"

namespace ember::symbolizer {
namespace {

struct Aggregate {
  std::vector<int64_t> values;
  uint64_t order = 0;  // first-seen order, so build() output does not depend on hashing
};

// Lines of the samples' perf maps that were not entries; nothing when no sample is in JIT code
// with a perf map.
std::optional<int64_t> perf_map_lines_skipped(
    const std::vector<std::pair<SampleKey, Aggregate>>& samples) {
  std::set<const PerfMapReader*> maps;
  for (const auto& [key, aggregate] : samples)
    for (const PinnedFrame& frame : key.user_frames)
      if (frame.mapping && frame.mapping->perf_map) maps.insert(frame.mapping->perf_map.get());
  if (maps.empty()) return std::nullopt;
  int64_t skipped = 0;
  for (const PerfMapReader* map : maps) skipped += map->skipped_lines();
  return skipped;
}

}  // namespace

struct Symbolizer::State {
  State(SymbolizerOptions opts, std::shared_ptr<SymbolCache> shared,
        std::shared_ptr<ProcessTable> table)
      : options(std::move(opts)),
        cache(shared ? std::move(shared) : std::make_shared<SymbolCache>(options.debug_root)),
        processes(table ? std::move(table) : std::make_shared<ProcessTable>(options.proc_root)) {}

  const SymbolizerOptions options;

  // Collection side: add() holds this only briefly.
  mutable std::mutex mutex;
  std::unordered_map<SampleKey, Aggregate, SampleKeyHash> samples;
  SymbolizerStats stats;

  // Symbolization side: caches that build() fills, guarded by their own mutex so that a long
  // build does not stall add().
  const std::shared_ptr<SymbolCache> cache;
  // What the processes map, shared with the recording's other symbolizers and its unwinder.
  const std::shared_ptr<ProcessTable> processes;

  // Frames left unpinned at add() (their mapping was not yet in the maps read, and re-reads
  // are rate-limited) get the mappings read since, if the process still runs the image the
  // sample was taken in: a library mapped while the process started is there by now.
  void pin_late(std::vector<std::pair<SampleKey, Aggregate>>& snapshot) const {
    ProcessTableState& table = *processes->state_;
    std::lock_guard lock(table.mutex);
    for (auto& [key, aggregate] : snapshot) {
      const TrackedProcess* process = table.find_locked(key.pid, key.generation);
      if (!process) continue;
      for (PinnedFrame& frame : key.user_frames)
        if (!frame.mapping)
          frame.mapping = ProcessTableState::code_mapping(*process, frame.address);
    }
  }
};

Symbolizer::Symbolizer(SymbolizerOptions options, std::shared_ptr<SymbolCache> cache,
                       std::shared_ptr<ProcessTable> processes)
    : state_(std::make_unique<State>(std::move(options), std::move(cache), std::move(processes))) {}

Symbolizer::~Symbolizer() = default;

Result<void> Symbolizer::track_process(uint32_t pid) {
  return state_->processes->track(pid);
}

void Symbolizer::add(const StackSample& sample) {
  SampleKey key;
  key.pid = sample.pid;
  key.tid = sample.tid;
  key.thread_name = sample.thread_name;
  key.kernel_ips = sample.kernel_ips;
  key.runtime_frames = sample.runtime_frames;
  key.time_nanos = sample.time_nanos;
  key.labels = sample.labels;
  if (!sample.user_ips.empty()) {
    // First sight of a process pins its mappings now, while it still exists.
    ProcessTableState& table = *state_->processes->state_;
    std::lock_guard lock(table.mutex);
    TrackedProcess& process = table.see_locked(sample.pid);
    key.generation = process.generation;
    key.user_frames.reserve(sample.user_ips.size());
    for (uint64_t ip : sample.user_ips)
      key.user_frames.push_back({table.pin_locked(sample.pid, process, ip), ip});
    // JIT code is named by the perf map as it is now: read what the runtime appended since.
    const PerfMapReader* read = nullptr;
    uint32_t epoch = 0;
    for (PinnedFrame& frame : key.user_frames) {
      if (!frame.mapping || !frame.mapping->perf_map) continue;
      if (read != frame.mapping->perf_map.get()) {
        read = frame.mapping->perf_map.get();
        epoch = frame.mapping->perf_map->catch_up();
      }
      frame.perf_map_epoch = epoch;
    }
  }
  std::lock_guard lock(state_->mutex);
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
  state_->pin_late(snapshot);
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
  // The first sampled image's executable: its lowest file mapping over all its samples (its
  // first sample may lie in the dynamic loader alone).
  const SampleKey* first = nullptr;
  const PinnedMapping* main_mapping = nullptr;
  for (const auto& [key, aggregate] : snapshot) {
    const PinnedMapping* lowest = ProfileAssembler::lowest_file_mapping(key);
    if (!lowest) continue;
    if (!first) first = &key;
    if (key.pid != first->pid || key.generation != first->generation) continue;
    if (!main_mapping || lowest->start < main_mapping->start) main_mapping = lowest;
  }
  if (main_mapping) assembler.add_main_mapping(*main_mapping);
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
  if (auto skipped = perf_map_lines_skipped(snapshot))
    profile.stats["perf_map_lines_skipped"] = *skipped;

  std::lock_guard lock(state_->mutex);
  state_->stats.frames = counts.frames;
  state_->stats.unsymbolized_frames = counts.unsymbolized;
  state_->stats.unmapped_frames = counts.unmapped;
  state_->stats.modules = modules;
  return std::move(builder).build();
}

SymbolizerStats Symbolizer::stats() const {
  SymbolizerStats stats;
  {
    std::lock_guard lock(state_->mutex);
    stats = state_->stats;
  }
  stats.processes = state_->processes->processes();
  return stats;
}

}  // namespace ember::symbolizer

#include "profile_assembler.h"

#include "runtime_frames.h"

namespace ember::symbolizer {
namespace {

constexpr char kUnmappedModule[] = "[unknown]";

profile::Label number_label(const char* key, int64_t value) {
  profile::Label label;
  label.key = key;
  label.num = value;
  return label;
}

// Frames of the profiler's own probe, at the leaf of stacks taken from a tracepoint (off-CPU
// samples come from sched_switch): the BPF program and the tracing code that called it.
bool is_probe_frame(const std::vector<ResolvedFrame>& frames) {
  if (frames.empty()) return false;
  const std::string& name = frames.back().name;
  for (const char* prefix : {"bpf_prog_", "bpf_trace_run", "__bpf_trace_", "__traceiter_"})
    if (name.starts_with(prefix)) return true;
  return false;
}

}  // namespace

ProfileAssembler::ProfileAssembler(FrameResolver& resolver, profile::ProfileBuilder& builder,
                                   uint64_t kernel_start, uint64_t kernel_limit)
    : resolver_(resolver),
      builder_(builder),
      kernel_start_(kernel_start),
      kernel_limit_(kernel_limit) {}

void ProfileAssembler::add(const SampleKey& key, const std::vector<int64_t>& values) {
  std::vector<uint64_t> location_ids;
  location_ids.reserve(key.kernel_ips.size() + key.user_frames.size());
  auto count = [&](const CachedLocation& location) {
    location_ids.push_back(location.id);
    ++counts_.frames;
    if (!location.symbolized) ++counts_.unsymbolized;
  };
  size_t first_kernel = 0;
  while (first_kernel < key.kernel_ips.size() &&
         is_probe_frame(resolver_.resolve_kernel(key.kernel_ips[first_kernel], first_kernel > 0)))
    ++first_kernel;
  for (size_t i = first_kernel; i < key.kernel_ips.size(); ++i)
    count(kernel_location(key.kernel_ips[i], i > first_kernel));
  size_t next_runtime = 0;
  auto count_activation = [&] {
    for (const RuntimeFrame& frame : next_activation(key.runtime_frames, next_runtime))
      count(runtime_location(frame));
  };
  for (size_t i = 0; i < key.user_frames.size(); ++i) {
    const CachedLocation location = user_location(key.user_frames[i], i > 0);
    if (location.interpreter && next_runtime < key.runtime_frames.size()) {
      count_activation();
      continue;
    }
    if (location.go_wrapper) continue;
    count(location);
    if (!key.user_frames[i].mapping) ++counts_.unmapped;
  }
  while (next_runtime < key.runtime_frames.size()) count_activation();

  std::vector<profile::Label> labels;
  labels.reserve(3 + key.labels.size());
  labels.push_back(number_label("pid", key.pid));
  labels.push_back(number_label("tid", key.tid));
  // A label is a string or a number; an empty string would read as the number 0.
  if (!key.thread_name.empty()) labels.push_back({"thread_name", key.thread_name, 0, {}});
  labels.insert(labels.end(), key.labels.begin(), key.labels.end());
  builder_.add_sample(location_ids, values, labels, key.time_nanos);
}

const PinnedMapping* ProfileAssembler::lowest_file_mapping(const SampleKey& key) {
  const PinnedMapping* lowest = nullptr;
  for (const PinnedFrame& frame : key.user_frames)
    if (frame.mapping && frame.mapping->is_file_backed() &&
        (!lowest || frame.mapping->start < lowest->start))
      lowest = frame.mapping.get();
  return lowest;
}

void ProfileAssembler::add_main_mapping(const PinnedMapping& mapping) {
  mapping_id(mapping);
}

ProfileAssembler::CachedLocation ProfileAssembler::user_location(const PinnedFrame& frame,
                                                                 bool is_return_address) {
  auto cache_key =
      std::make_tuple(frame.mapping.get(), frame.address, is_return_address, frame.perf_map_epoch);
  if (auto it = user_locations_.find(cache_key); it != user_locations_.end()) return it->second;
  CachedLocation location;
  if (frame.mapping) {
    const std::vector<ResolvedFrame> frames = resolver_.resolve_user(
        *frame.mapping, frame.address, is_return_address, frame.perf_map_epoch);
    location = intern(mapping_id(*frame.mapping), frame.address, frames);
    location.interpreter = is_interpreter_activation(frames);
    location.go_wrapper = !frames.empty() && frames.back().go_wrapper;
  } else {
    location = intern(0, frame.address,
                      {unsymbolized_frame(unsymbolized_name(kUnmappedModule, frame.address))});
  }
  user_locations_.emplace(cache_key, location);
  return location;
}

ProfileAssembler::CachedLocation ProfileAssembler::kernel_location(uint64_t address,
                                                                   bool is_return_address) {
  auto cache_key = std::make_pair(address, is_return_address);
  if (auto it = kernel_locations_.find(cache_key); it != kernel_locations_.end()) return it->second;
  CachedLocation location =
      intern(kernel_mapping_id(), address, resolver_.resolve_kernel(address, is_return_address));
  kernel_locations_.emplace(cache_key, location);
  return location;
}

// A location without a mapping, one per function and line: what pprof shows of interpreted code.
ProfileAssembler::CachedLocation ProfileAssembler::runtime_location(const RuntimeFrame& frame) {
  auto cache_key = std::make_tuple(frame.function, frame.file, frame.line,
                                   frame.function.empty() ? frame.code : 0);
  if (auto it = runtime_locations_.find(cache_key); it != runtime_locations_.end())
    return it->second;
  CachedLocation location = intern(0, 0, {resolved_runtime_frame(frame)});
  runtime_locations_.emplace(cache_key, location);
  return location;
}

ProfileAssembler::CachedLocation ProfileAssembler::intern(
    uint64_t mapping_id, uint64_t address, const std::vector<ResolvedFrame>& frames) {
  std::vector<profile::Line> lines;
  bool symbolized = !frames.empty();
  for (const ResolvedFrame& frame : frames) {
    uint64_t function =
        builder_.add_function(frame.name, frame.system_name, frame.file, frame.start_line);
    lines.push_back({function, frame.line});
    symbolized = symbolized && frame.symbolized;
  }
  return {builder_.add_location(mapping_id, address, lines), symbolized};
}

uint64_t ProfileAssembler::mapping_id(const PinnedMapping& pinned) {
  if (auto it = mapping_ids_.find(&pinned); it != mapping_ids_.end()) return it->second;
  profile::Mapping mapping;
  mapping.start = pinned.start;
  mapping.limit = pinned.limit;
  mapping.offset = pinned.offset;
  mapping.file = pinned.path;
  // Every frame already carries a function (a symbol or "module+0x..."): tell pprof not to
  // symbolize again.
  mapping.has_functions = true;
  if (Module* module = resolver_.module_for(pinned)) {
    mapping.build_id = module->build_id();
    // With DWARF, every address it covers got its source lines and inline chain.
    mapping.has_filenames = mapping.has_line_numbers = mapping.has_inline_frames =
        module->has_debug_info();
  }
  uint64_t id = builder_.add_mapping(mapping);
  mapping_ids_.emplace(&pinned, id);
  return id;
}

uint64_t ProfileAssembler::kernel_mapping_id() {
  if (kernel_mapping_id_ == 0) {
    profile::Mapping mapping;
    mapping.start = kernel_start_;
    mapping.limit = kernel_limit_;
    mapping.file = profile::kKernelMappingFile;
    mapping.has_functions = true;
    kernel_mapping_id_ = builder_.add_mapping(mapping);
  }
  return kernel_mapping_id_;
}

}  // namespace ember::symbolizer

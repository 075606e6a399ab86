#include "thread_dump.h"

#include <cstdio>
#include <map>
#include <utility>

namespace ember::tools {

namespace {

int64_t number_label(const profile::Sample& sample, std::string_view key) {
  const profile::Label* label = sample.label(key);
  return label ? label->num : 0;
}

std::string text_label(const profile::Sample& sample, std::string_view key) {
  const profile::Label* label = sample.label(key);
  return label ? label->str : std::string();
}

std::vector<DumpFrame> frames_of(const profile::Profile& profile, const profile::Sample& sample) {
  std::vector<DumpFrame> frames;
  for (uint64_t location_id : sample.location_ids) {
    const profile::Location& location = profile.location(location_id);
    const bool kernel = location.mapping_id != 0 &&
                        profile.mapping(location.mapping_id).file == profile::kKernelMappingFile;
    if (location.lines.empty()) {
      char address[32];
      snprintf(address, sizeof(address), "0x%llx",
               static_cast<unsigned long long>(location.address));
      frames.push_back({address, {}, 0, kernel});
      continue;
    }
    for (const profile::Line& line : location.lines) {
      const profile::Function& function = profile.function(line.function_id);
      frames.push_back({function.name, function.file, line.line, kernel});
    }
  }
  return frames;
}

// A stack by the functions on it (samples differ by address within the same functions).
std::string stack_key(const std::vector<DumpFrame>& frames) {
  std::string key;
  for (const DumpFrame& frame : frames) key += frame.function + '\n';
  return key;
}

}  // namespace

std::vector<ThreadStack> thread_stacks(const profile::Profile& wall) {
  const int value = wall.default_value_index();
  // Each thread's time per (state, stack), summed over the samples the recording split it into.
  std::map<std::pair<int64_t, int64_t>, std::map<std::pair<std::string, std::string>, ThreadStack>>
      threads;
  for (const profile::Sample& sample : wall.samples) {
    const std::pair<int64_t, int64_t> ids{number_label(sample, "pid"), number_label(sample, "tid")};
    std::vector<DumpFrame> frames = frames_of(wall, sample);
    const std::string state = text_label(sample, "thread_state");
    ThreadStack& stack = threads[ids][{state, stack_key(frames)}];
    if (stack.nanos == 0 && stack.frames.empty())
      stack = {ids.first,
               ids.second,
               text_label(sample, "process"),
               text_label(sample, "thread_name"),
               state,
               0,
               std::move(frames)};
    stack.nanos += sample.values[value];
  }
  std::vector<ThreadStack> dump;
  for (auto& [ids, stacks] : threads) {
    // The heaviest stack; one without frames only when the thread has no other.
    ThreadStack* chosen = nullptr;
    for (auto& [key, stack] : stacks) {
      const bool better =
          !chosen || (!stack.frames.empty() && chosen->frames.empty()) ||
          (stack.frames.empty() == chosen->frames.empty() && stack.nanos > chosen->nanos);
      if (better) chosen = &stack;
    }
    dump.push_back(std::move(*chosen));
  }
  return dump;
}

}  // namespace ember::tools

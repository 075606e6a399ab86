#include "runtime_record_frames.h"

#include <algorithm>

namespace ember::daemon {

std::vector<symbolizer::RuntimeFrame> record_runtime_frames(const ember_stack_record& record) {
  std::vector<symbolizer::RuntimeFrame> frames;
  if (record.runtime != EMBER_RUNTIME_PYTHON) return frames;
  const size_t count = std::min<size_t>(record.runtime_frame_count, EMBER_MAX_RUNTIME_FRAMES);
  frames.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    const ember_runtime_frame& raw = record.runtime_frames[i];
    symbolizer::RuntimeFrame frame;
    frame.runtime = symbolizer::Runtime::python;
    frame.code = raw.code;
    frame.position = raw.position;
    frame.check = raw.check;
    frame.entry = raw.flags & EMBER_RUNTIME_FRAME_ENTRY;
    frames.push_back(std::move(frame));
  }
  return frames;
}

}  // namespace ember::daemon

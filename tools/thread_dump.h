// `ember dump`: one stack per thread, chosen from a short wall-clock recording.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ember/profile/profile.h"

namespace ember::tools {

struct DumpFrame {
  std::string function;
  std::string file;  // empty when unknown
  int64_t line = 0;  // 0 when unknown
  bool kernel = false;
};

struct ThreadStack {
  int64_t pid = 0;
  int64_t tid = 0;
  std::string process;  // the process's name, empty when unknown
  std::string thread_name;
  std::string state;  // "running", or the wait's state ("sleeping", "uninterruptible", ...)
  int64_t nanos = 0;  // how much of the recording the thread spent in this stack
  std::vector<DumpFrame> frames;  // leaf first; inlined functions each a frame of their own
};

// Each thread's stack in `wall` (on-CPU and off-CPU time, labelled by tid and thread_state):
// the one it spent the most time in, so a blocked thread shows its wait and a busy one where
// it runs. Threads whose every sample lost its stack (waits too short to capture) come with
// no frames. Ordered by process, then thread.
std::vector<ThreadStack> thread_stacks(const profile::Profile& wall);

}  // namespace ember::tools

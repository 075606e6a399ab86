// A stack as a collector captured it: raw instruction pointers, not yet symbolized.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ember/profile/profile.h"

namespace ember::symbolizer {

// Runtimes whose own frames (interpreted or JIT-compiled code) stacks can carry.
enum class Runtime : uint8_t { python = 1 };

// A frame of a runtime, read from its structures at the sample: the code's identity and the
// position in it, then resolved (from the live process) to a name, a file and a line. Meant for
// every runtime: Python (code object, instruction index), later JVM and V8 frames.
struct RuntimeFrame {
  Runtime runtime = Runtime::python;
  uint64_t code = 0;      // the code's address in the process
  uint32_t position = 0;  // where in the code, in the runtime's unit
  uint16_t check = 0;     // a hash of the code's fields at the sample, to catch reuse
  // The outermost frame of one activation of the interpreter: the frames from the previous
  // activation's entry up to this one take the place of one native interpreter frame.
  bool entry = false;
  std::string function;  // resolved; empty when the code could not be read
  std::string file;
  int64_t line = 0;
  int64_t start_line = 0;
  friend bool operator==(const RuntimeFrame&, const RuntimeFrame&) = default;
};

struct StackSample {
  uint32_t pid = 0;  // thread group id
  uint32_t tid = 0;
  std::string thread_name;
  std::vector<uint64_t> kernel_ips;  // leaf first
  // Leaf first: user_ips[0] is the interrupted pc, the rest are return addresses.
  std::vector<uint64_t> user_ips;
  // Leaf first, in the order of their activations in user_ips (see RuntimeFrame::entry).
  std::vector<RuntimeFrame> runtime_frames;
  int64_t time_nanos = 0;              // start of the sample's time bucket (Unix ns), 0 if unknown
  std::vector<int64_t> values;         // one per sample type of the profile being built
  std::vector<profile::Label> labels;  // extra labels (pid, tid, thread_name are added)
};

}  // namespace ember::symbolizer

// The runtime frames of a BPF stack record, as the symbolizer's sample carries them (not yet
// resolved to names).
#pragma once

#include <vector>

#include "ember/symbolizer/stack_sample.h"
#include "ember_abi.h"

namespace ember::daemon {

// Leaf first; empty when the record has none or names a runtime this build does not know.
std::vector<symbolizer::RuntimeFrame> record_runtime_frames(const ember_stack_record& record);

}  // namespace ember::daemon

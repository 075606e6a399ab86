// Runtime frames (Python...) in a native stack: which native frames they replace, and what
// they become in a profile.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "ember/symbolizer/stack_sample.h"
#include "resolved_frame.h"

namespace ember::symbolizer {

// Whether a native location (its resolved frames) is one activation of a runtime's interpreter
// loop, which the runtime frames of that activation replace.
bool is_interpreter_activation(const std::vector<ResolvedFrame>& frames);

// The frames of the activation starting at frames[next] (leaf first): up to and including the
// next entry frame, or to the end. Advances `next` past them.
std::span<const RuntimeFrame> next_activation(const std::vector<RuntimeFrame>& frames,
                                              size_t& next);

// A runtime frame as a profile frame: its function, file and line, or a placeholder naming the
// code's address when the code could not be read.
ResolvedFrame resolved_runtime_frame(const RuntimeFrame& frame);

}  // namespace ember::symbolizer

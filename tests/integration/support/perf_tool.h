// Debian's `perf` as the reference profiler: record a command, read its stacks back.
#pragma once

#include <string>
#include <vector>

#include "folded_stacks.h"

namespace ember::test {

bool perf_available();

// `perf record -e cpu-clock -F FREQUENCY ARGS... -o DATA -- COMMAND...`; true on success.
bool perf_record(const std::vector<std::string>& perf_args, const std::vector<std::string>& command,
                 const std::string& data_file, std::string* output = nullptr);

// The recorded stacks (root first), one per sample, value 1, from `perf script`. Inlined frames
// are frames of their own, as in ember's output.
std::vector<FoldedStack> perf_stacks(const std::string& data_file);

// Share (0..100) of stacks whose outermost frame is a thread root (_start, clone3...).
double root_reaching_percent(const std::vector<FoldedStack>& stacks);

}  // namespace ember::test

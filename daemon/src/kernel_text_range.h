#pragma once

#include <cstdint>
#include <string>

namespace ember::daemon {

// [start, end) between two kernel symbols, such as a text section's __X_start and __X_end, from
// /proc/kallsyms; {0, 0} when either is missing or addresses are hidden (kptr_restrict).
struct KernelTextRange {
  uint64_t start = 0, end = 0;
};
KernelTextRange kernel_text_range(const std::string& start_symbol, const std::string& end_symbol);

}  // namespace ember::daemon

#include "kernel_text_range.h"

#include <fstream>
#include <sstream>

namespace ember::daemon {

KernelTextRange kernel_text_range(const std::string& start_symbol, const std::string& end_symbol) {
  std::ifstream kallsyms("/proc/kallsyms");
  KernelTextRange range;
  std::string line, type, name;
  while ((!range.start || !range.end) && std::getline(kallsyms, line)) {
    std::istringstream fields(line);
    uint64_t address = 0;
    if (!(fields >> std::hex >> address >> type >> name)) continue;
    if (name == start_symbol) range.start = address;
    if (name == end_symbol) range.end = address;
  }
  if (range.start >= range.end) return {};
  return range;
}

}  // namespace ember::daemon

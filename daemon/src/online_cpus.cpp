#include "online_cpus.h"

#include <charconv>
#include <fstream>
#include <sstream>

namespace ember::daemon {

namespace {

bool parse_int(const std::string& text, int& out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size() && out >= 0;
}

}  // namespace

Result<std::vector<int>> parse_cpu_list(const std::string& text) {
  std::vector<int> cpus;
  std::stringstream stream(text);
  std::string range;
  while (std::getline(stream, range, ',')) {
    while (!range.empty() && (range.back() == '\n' || range.back() == ' ')) range.pop_back();
    if (range.empty()) continue;
    auto dash = range.find('-');
    int first = 0, last = 0;
    bool ok = dash == std::string::npos ? parse_int(range, first) && parse_int(range, last)
                                        : parse_int(range.substr(0, dash), first) &&
                                              parse_int(range.substr(dash + 1), last);
    if (!ok || last < first || last - first > 65536)
      return make_error("malformed CPU list '" + text + "'");
    for (int cpu = first; cpu <= last; ++cpu) cpus.push_back(cpu);
  }
  if (cpus.empty()) return make_error("empty CPU list");
  return cpus;
}

Result<std::vector<int>> online_cpus() {
  std::ifstream file("/sys/devices/system/cpu/online");
  std::string text;
  if (!std::getline(file, text)) return make_error("cannot read /sys/devices/system/cpu/online");
  return parse_cpu_list(text);
}

}  // namespace ember::daemon

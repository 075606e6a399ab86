#include "perf_map.h"

#include <charconv>
#include <fstream>
#include <sstream>

#include "ember/symbolizer/perf_map_file.h"

namespace ember::symbolizer {
namespace {

bool take_hex(std::string_view& text, uint64_t& value) {
  if (text.starts_with("0x") || text.starts_with("0X")) text.remove_prefix(2);
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  if (error != std::errc() || end == text.data()) return false;
  text.remove_prefix(static_cast<size_t>(end - text.data()));
  return true;
}

// "/tmp/perf-PID.map": where a runtime writes its perf map, a path as the process sees its
// filesystem.
std::string perf_map_path(uint32_t pid) {
  return "/tmp/perf-" + std::to_string(pid) + ".map";
}

}  // namespace

std::string perf_map_file(const std::string& proc_root, uint32_t pid) {
  const std::string process = proc_root + "/" + std::to_string(pid);
  uint32_t namespace_pid = pid;
  std::ifstream status(process + "/status");
  for (std::string line; std::getline(status, line);) {
    if (!line.starts_with("NStgid:")) continue;
    std::istringstream pids(line.substr(7));
    for (uint32_t value; pids >> value;) namespace_pid = value;  // the innermost namespace's
    break;
  }
  return process + "/root" + perf_map_path(namespace_pid);
}

bool parse_perf_map_line(std::string_view line, Symbol& symbol) {
  if (!take_hex(line, symbol.address) || !line.starts_with(' ')) return false;
  line.remove_prefix(1);
  if (!take_hex(line, symbol.size) || !line.starts_with(' ')) return false;
  line.remove_prefix(1);
  if (line.ends_with('\r')) line.remove_suffix(1);
  symbol.name = std::string(line);
  return !symbol.name.empty();
}

}  // namespace ember::symbolizer

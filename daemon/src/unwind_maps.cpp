#include "unwind_maps.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <functional>

#include "ember/unique_fd.h"

namespace ember::daemon {
namespace {

// Splits off the next space-separated field of LINE.
std::string_view next_field(std::string_view& line) {
  size_t begin = line.find_first_not_of(' ');
  if (begin == std::string_view::npos) {
    line = {};
    return {};
  }
  line.remove_prefix(begin);
  size_t end = std::min(line.find(' '), line.size());
  std::string_view field = line.substr(0, end);
  line.remove_prefix(end);
  return field;
}

bool parse_hex(std::string_view text, uint64_t& value) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  return ec == std::errc() && ptr == text.data() + text.size() && !text.empty();
}

bool parse_line(std::string_view line, UnwindMapping& mapping) {
  std::string_view range = next_field(line);
  std::string_view perms = next_field(line);
  std::string_view offset = next_field(line);
  std::string_view device = next_field(line);
  std::string_view inode = next_field(line);
  size_t dash = range.find('-');
  if (dash == std::string_view::npos || perms.size() < 4 || device.empty()) return false;
  if (!parse_hex(range.substr(0, dash), mapping.start) ||
      !parse_hex(range.substr(dash + 1), mapping.end) || mapping.start >= mapping.end ||
      !parse_hex(offset, mapping.offset))
    return false;
  auto [ptr, ec] = std::from_chars(inode.data(), inode.data() + inode.size(), mapping.inode);
  if (ec != std::errc() || ptr != inode.data() + inode.size()) return false;
  mapping.readable = perms[0] == 'r';
  mapping.writable = perms[1] == 'w';
  mapping.executable = perms[2] == 'x';
  size_t path_start = line.find_first_not_of(' ');
  mapping.path = path_start == std::string_view::npos ? "" : std::string(line.substr(path_start));
  return true;
}

}  // namespace

std::vector<UnwindMapping> parse_unwind_maps(std::string_view text) {
  std::vector<UnwindMapping> mappings;
  while (!text.empty()) {
    size_t end = std::min(text.find('\n'), text.size());
    UnwindMapping mapping;
    if (parse_line(text.substr(0, end), mapping)) mappings.push_back(std::move(mapping));
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return mappings;
}

Result<std::vector<UnwindMapping>> read_unwind_maps(const std::string& proc_root, uint32_t pid) {
  std::string path = proc_root + "/" + std::to_string(pid) + "/maps";
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return make_error("cannot open " + path);
  std::string text;
  char buffer[16384];
  for (;;) {
    ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0) return make_error("cannot read " + path);
    if (n == 0) break;
    text.append(buffer, static_cast<size_t>(n));
  }
  return parse_unwind_maps(text);
}

uint64_t code_fingerprint(const std::vector<UnwindMapping>& mappings) {
  uint64_t hash = 0xcbf29ce484222325ull;
  auto mix = [&hash](uint64_t value) { hash = (hash ^ value) * 0x100000001b3ull; };
  for (const auto& mapping : mappings) {
    if (!mapping.executable) continue;
    mix(mapping.start);
    mix(mapping.end);
    mix(mapping.offset);
    mix(mapping.inode);
    mix(std::hash<std::string>{}(mapping.path));
  }
  return hash;
}

const UnwindMapping* find_mapping(const std::vector<UnwindMapping>& mappings, uint64_t address) {
  auto it = std::upper_bound(mappings.begin(), mappings.end(), address,
                             [](uint64_t a, const UnwindMapping& m) { return a < m.start; });
  if (it == mappings.begin()) return nullptr;
  --it;
  return it->contains(address) ? &*it : nullptr;
}

}  // namespace ember::daemon

#include "ember/symbolizer/process_maps.h"

#include <charconv>

#include "file_contents.h"
#include "text_lines.h"

namespace ember::symbolizer {
namespace {

// A maps file with more than this is not one the kernel wrote.
constexpr size_t kMaxMapsBytes = 64 * 1024 * 1024;
constexpr std::string_view kDeletedSuffix = " (deleted)";

// Consumes an unsigned number in `base` from the front of `text`; false if there is none.
template <class Int>
bool take_number(std::string_view& text, Int& value, int base) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (error != std::errc() || end == text.data()) return false;
  text.remove_prefix(static_cast<size_t>(end - text.data()));
  return true;
}

bool take_char(std::string_view& text, char expected) {
  if (text.empty() || text.front() != expected) return false;
  text.remove_prefix(1);
  return true;
}

bool take_spaces(std::string_view& text) {
  size_t n = text.find_first_not_of(' ');
  if (n == 0) return false;
  text.remove_prefix(n == std::string_view::npos ? text.size() : n);
  return true;
}

// One line: "START-END PERMS OFFSET MAJOR:MINOR INODE [PATH]".
bool parse_line(std::string_view line, MapsEntry& entry) {
  std::string_view perms;
  if (!take_number(line, entry.start, 16) || !take_char(line, '-') ||
      !take_number(line, entry.end, 16) || !take_spaces(line))
    return false;
  size_t perms_end = line.find(' ');
  if (perms_end == std::string_view::npos || perms_end < 4) return false;
  perms = line.substr(0, perms_end);
  line.remove_prefix(perms_end);
  if (!take_spaces(line) || !take_number(line, entry.offset, 16) || !take_spaces(line) ||
      !take_number(line, entry.dev_major, 16) || !take_char(line, ':') ||
      !take_number(line, entry.dev_minor, 16) || !take_spaces(line) ||
      !take_number(line, entry.inode, 10))
    return false;
  if (entry.end <= entry.start) return false;
  entry.readable = perms[0] == 'r';
  entry.writable = perms[1] == 'w';
  entry.executable = perms[2] == 'x';
  // The path is the rest of the line after the padding; it may itself contain spaces.
  size_t path_start = line.find_first_not_of(' ');
  entry.path = path_start == std::string_view::npos ? "" : std::string(line.substr(path_start));
  return true;
}

}  // namespace

std::vector<MapsEntry> parse_maps(std::string_view text) {
  std::vector<MapsEntry> entries;
  for_each_line(text, [&](std::string_view line) {
    MapsEntry entry;
    if (parse_line(line, entry)) entries.push_back(std::move(entry));
  });
  return entries;
}

Result<std::vector<MapsEntry>> read_maps(const std::string& proc_root, uint32_t pid) {
  auto text = read_whole_file(proc_root + "/" + std::to_string(pid) + "/maps", kMaxMapsBytes);
  if (!text) return text.error();
  return parse_maps(*text);
}

std::string_view strip_deleted_suffix(std::string_view path) {
  if (path.ends_with(kDeletedSuffix)) path.remove_suffix(kDeletedSuffix.size());
  return path;
}

}  // namespace ember::symbolizer

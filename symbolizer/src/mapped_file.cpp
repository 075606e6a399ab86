#include "ember/symbolizer/mapped_file.h"

#include <fcntl.h>

#include <cinttypes>
#include <cstdio>

namespace ember::symbolizer {

UniqueFd open_mapped_file(const std::string& proc_root, uint32_t pid, const MapsEntry& mapping) {
  char range[64];
  std::snprintf(range, sizeof range, "%" PRIx64 "-%" PRIx64, mapping.start, mapping.end);
  const std::string process_dir = proc_root + "/" + std::to_string(pid);
  const std::string by_range = process_dir + "/map_files/" + range;
  UniqueFd fd(::open(by_range.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.valid() || !mapping.is_file()) return fd;
  if (strip_deleted_suffix(mapping.path).size() != mapping.path.size()) return fd;
  const std::string by_path = process_dir + "/root" + mapping.path;
  return UniqueFd(::open(by_path.c_str(), O_RDONLY | O_CLOEXEC));
}

}  // namespace ember::symbolizer

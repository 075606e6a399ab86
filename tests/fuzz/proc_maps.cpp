// /proc/PID/maps and mountinfo text: a target (or a container's /proc) controls the paths in
// them, so any bytes may come.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "ember/symbolizer/process_maps.h"
#include "target_cgroup.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ember;
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const auto& entry : symbolizer::parse_maps(text)) {
    if (entry.end < entry.start) std::abort();  // the parser's promise: ranges are ordered
    (void)symbolizer::strip_deleted_suffix(entry.path);
  }
  (void)daemon::cgroup2_mount_point(text);
  return 0;
}

#include "debug_file_finder.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <vector>

#include "debug_info.h"

namespace ember::symbolizer {
namespace {

UniqueFd open_regular_file(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat status;
  if (!fd.valid() || ::fstat(fd.get(), &status) != 0 || !S_ISREG(status.st_mode) ||
      status.st_size > kMaxDebugFileBytes)
    return {};
  return fd;
}

// The CRC-32 (as zlib computes it, which is what .gnu_debuglink records) of the whole file.
bool file_crc_matches(int fd, uint32_t expected) {
  std::vector<unsigned char> buffer(1 << 16);
  uLong crc = crc32(0, nullptr, 0);
  off_t position = 0;
  for (;;) {
    ssize_t n = ::pread(fd, buffer.data(), buffer.size(), position);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) break;
    crc = crc32(crc, buffer.data(), static_cast<uInt>(n));
    position += n;
  }
  return static_cast<uint32_t>(crc) == expected;
}

std::string directory_of(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

}  // namespace

UniqueFd DebugFileFinder::find(const ElfModule& binary, const BinaryLocation& location) const {
  if (binary.build_id().size() > 2) {
    if (UniqueFd found = find_by_build_id(binary.build_id()); found.valid()) return found;
  }
  if (!binary.debug_link().file_name.empty())
    return find_by_debug_link(binary.debug_link(), location);
  return {};
}

UniqueFd DebugFileFinder::find_by_build_id(const std::string& build_id) const {
  if (debug_root_.empty()) return {};
  std::string path =
      debug_root_ + "/.build-id/" + build_id.substr(0, 2) + "/" + build_id.substr(2) + ".debug";
  UniqueFd fd = open_regular_file(path);
  if (!fd.valid()) return {};
  // The name promises the build-id; the contents must keep the promise.
  auto found = ElfModule::read_build_id(fd.get());
  if (!found || *found != build_id) return {};
  return fd;
}

UniqueFd DebugFileFinder::find_by_debug_link(const DebugLink& link,
                                             const BinaryLocation& location) const {
  const std::string directory = directory_of(location.path);
  std::vector<std::string> candidates = {
      location.root + directory + "/" + link.file_name,
      location.root + directory + "/.debug/" + link.file_name,
  };
  if (!debug_root_.empty()) candidates.push_back(debug_root_ + directory + "/" + link.file_name);
  for (const std::string& candidate : candidates) {
    // The binary itself may carry a link to its own name; it is not its debug file.
    if (candidate == location.root + location.path) continue;
    UniqueFd fd = open_regular_file(candidate);
    if (fd.valid() && file_crc_matches(fd.get(), link.crc)) return fd;
  }
  return {};
}

}  // namespace ember::symbolizer

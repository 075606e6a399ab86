#include "file_contents.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ember/unique_fd.h"

namespace ember::symbolizer {

Result<std::string> read_whole_fd(int fd, size_t max_bytes) {
  std::string contents;
  char buffer[64 * 1024];
  // pread from 0 so a descriptor shared with other readers (or read before) is read whole.
  off_t position = 0;
  for (;;) {
    ssize_t n = ::pread(fd, buffer, sizeof buffer, position);
    if (n < 0) {
      if (errno == EINTR) continue;
      return make_error(std::string("read failed: ") + std::strerror(errno));
    }
    if (n == 0) break;
    if (contents.size() + static_cast<size_t>(n) > max_bytes)
      return make_error("file larger than " + std::to_string(max_bytes) + " bytes");
    contents.append(buffer, static_cast<size_t>(n));
    position += n;
  }
  return contents;
}

Result<std::string> read_whole_file(const std::string& path, size_t max_bytes) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return make_error("cannot open " + path + ": " + std::strerror(errno));
  auto contents = read_whole_fd(fd.get(), max_bytes);
  if (!contents) return make_error(path + ": " + contents.error().message);
  return contents;
}

}  // namespace ember::symbolizer

// The fuzz input as a file, for parsers that read files by descriptor or by path (libelf,
// libdw, the unwinder): one memfd, rewritten for each input.
#pragma once

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace ember::fuzz {

class InputFile {
 public:
  InputFile() : fd_(::memfd_create("ember-fuzz-input", MFD_CLOEXEC)) {
    if (fd_ < 0) std::abort();
  }
  ~InputFile() { ::close(fd_); }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  // Replaces the file's contents with `size` bytes.
  void write(const uint8_t* data, size_t size) {
    if (::ftruncate(fd_, 0) != 0) std::abort();
    for (size_t done = 0; done < size;) {
      ssize_t n = ::pwrite(fd_, data + done, size - done, static_cast<off_t>(done));
      if (n <= 0) std::abort();
      done += static_cast<size_t>(n);
    }
  }

  int fd() const { return fd_; }
  // A path that opens this file in this process.
  std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }

 private:
  int fd_;
};

}  // namespace ember::fuzz

// Reads another process's memory (process_vm_readv): what runtime frames are resolved from.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace ember::daemon {

class ProcessMemory {
 public:
  explicit ProcessMemory(pid_t pid) : pid_(pid) {}

  // Whether all `size` bytes at `address` were read into `out`.
  bool read(uint64_t address, void* out, size_t size) const;

  template <class T>
  std::optional<T> read(uint64_t address) const {
    T value{};
    if (!read(address, &value, sizeof(value))) return std::nullopt;
    return value;
  }

  // `size` bytes at `address`, or nothing.
  std::optional<std::string> read_bytes(uint64_t address, size_t size) const;

 private:
  pid_t pid_;
};

}  // namespace ember::daemon

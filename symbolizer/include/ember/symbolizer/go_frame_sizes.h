// Where the return address lies at each pc of a Go binary, from its own function table (which
// stripping leaves in place), for the unwinder: a Go function without a frame of its own keeps
// its caller's frame pointer, so a frame-pointer walk through code without CFI (a stripped Go
// binary) skips that caller.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

namespace ember::symbolizer {

class ElfModule;

class GoFrameSizes {
 public:
  // Null when the file behind `fd` is not a readable Go ELF binary. The fd is only read during
  // the call.
  static std::shared_ptr<const GoFrameSizes> read(int fd);

  // Bytes from the stack pointer to the return address, for code at file offset `offset`.
  // Nothing where the table does not say.
  std::optional<uint64_t> return_address_offset(uint64_t offset) const;

  explicit GoFrameSizes(std::shared_ptr<const ElfModule> module);

 private:
  std::shared_ptr<const ElfModule> module_;
};

}  // namespace ember::symbolizer

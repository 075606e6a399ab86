// Go's own function table (.gopclntab): the names, files, lines and inline trees the Go
// runtime prints its stack traces from. It survives `go build -ldflags='-s -w'`, which strips
// .symtab and DWARF. Layouts of Go 1.16 and 1.17 (magic 0xfffffffa), 1.18 and 1.19
// (0xfffffff0) and 1.20 on (0xfffffff1); see Go's runtime/symtab.go.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "resolved_frame.h"

namespace ember::symbolizer {

// Bytes of a binary's loaded image starting at ELF virtual address `vaddr`.
struct GoSegment {
  uint64_t vaddr = 0;
  std::vector<uint8_t> bytes;
};

class GoPclntab {
 public:
  // `rodata`: the read-only segment that holds the table at `table_vaddr` (and, from Go 1.18,
  // the inline trees). `data`: the writable segments, where the runtime's moduledata says
  // where the inline trees are. Null when no supported header is at `table_vaddr`. Function
  // entries that cannot be read (cut off, offsets out of bounds, out of order) are skipped and
  // counted; inline trees that cannot be found leave frames un-expanded.
  static std::shared_ptr<const GoPclntab> parse(GoSegment rodata, uint64_t table_vaddr,
                                                std::span<const GoSegment> data);

  // The frames at ELF vaddr `pc`, innermost inlined function first and the function that
  // holds the code last (pprof's order), each with its file and line, without the
  // compiler-generated wrappers that Go's own profiler leaves out (a wrapper alone at `pc`
  // comes back marked go_wrapper). Empty when no function of the table covers `pc`.
  std::vector<ResolvedFrame> frames_at(uint64_t pc) const;

  // Bytes from the stack pointer to the return address at ELF vaddr `pc` (Go's pcsp table: the
  // frame the function has set up there, 0 in a function without one). Nothing when no
  // function covers `pc` or its table cannot be read.
  std::optional<uint64_t> return_address_offset(uint64_t pc) const;

  size_t functions() const { return functions_.size(); }
  int64_t skipped_functions() const { return skipped_; }
  // Inline trees are readable (moduledata found, or not needed by this layout).
  bool has_inline_trees() const { return inline_base_.has_value() || version_ == Version::k116; }

 private:
  enum class Version { k116, k118, k120 };
  struct Function {
    uint64_t entry = 0;
    uint64_t end = 0;
    uint64_t offset = 0;  // of its _func record, in the image
  };
  struct Record;

  std::optional<Record> record(const Function& function) const;
  bool sound(const Record& record) const;
  std::optional<int64_t> pc_value(const Function& function, uint32_t table, uint64_t pc) const;
  ResolvedFrame frame(const Record& record, int32_t name_offset, uint64_t pc,
                      int64_t start_line) const;
  std::optional<std::string> name(int32_t name_offset) const;
  std::optional<std::string> c_string(uint64_t offset) const;  // NUL-terminated, bounded
  std::optional<uint64_t> inline_tree(const Record& record) const;
  std::optional<uint64_t> read(uint64_t offset, size_t width) const;
  std::optional<uint64_t> image_offset(uint64_t vaddr) const;
  const Function* find(uint64_t pc) const;

  GoSegment image_;
  Version version_ = Version::k120;
  unsigned pointer_size_ = 8;
  unsigned quantum_ = 1;
  uint64_t names_ = 0;  // image offsets of the tables
  uint64_t cu_ = 0;
  uint64_t files_ = 0;
  uint64_t pc_tables_ = 0;
  uint64_t functab_ = 0;
  std::optional<uint64_t> inline_base_;  // vaddr of go:func.* (Go 1.18+)
  std::optional<uint8_t> wrapper_id_;    // funcID of compiler-generated wrappers
  std::vector<Function> functions_;
  int64_t skipped_ = 0;
};

}  // namespace ember::symbolizer

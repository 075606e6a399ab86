// Which DWARF compile unit covers an address.
#pragma once

#include <elfutils/libdw.h>

#include <cstdint>
#include <vector>

namespace ember::symbolizer {

// Built once per file from every compile unit's own address ranges (DW_AT_low_pc/high_pc or
// DW_AT_ranges), because .debug_aranges is optional and some compilers omit it.
class UnitIndex {
 public:
  explicit UnitIndex(Dwarf* dwarf);

  // Fills `unit` with the compile unit DIE covering `vaddr`; false when none does.
  bool find(uint64_t vaddr, Dwarf_Die* unit) const;

  bool empty() const { return ranges_.empty(); }

 private:
  struct Range {
    uint64_t start = 0;
    uint64_t end = 0;  // one past the last address
    Dwarf_Off unit_offset = 0;
  };
  Dwarf* dwarf_;
  std::vector<Range> ranges_;  // sorted by start
};

}  // namespace ember::symbolizer

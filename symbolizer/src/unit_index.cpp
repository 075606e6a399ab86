#include "unit_index.h"

#include <dwarf.h>

#include <algorithm>

namespace ember::symbolizer {
namespace {

// Bounds for hostile files: a real program has thousands of units and ranges, not millions.
constexpr size_t kMaxUnits = 1 << 20;
constexpr size_t kMaxRanges = 1 << 22;
// Units may overlap (a range of one unit nested in another's); look back this far.
constexpr size_t kMaxOverlapScan = 8;

}  // namespace

UnitIndex::UnitIndex(Dwarf* dwarf) : dwarf_(dwarf) {
  Dwarf_CU* unit = nullptr;
  Dwarf_Die unit_die;
  size_t units = 0;
  while (units++ < kMaxUnits && ranges_.size() < kMaxRanges &&
         dwarf_get_units(dwarf, unit, &unit, nullptr, nullptr, &unit_die, nullptr) == 0) {
    if (dwarf_tag(&unit_die) != DW_TAG_compile_unit) continue;  // type and partial units
    Dwarf_Addr base = 0;
    Dwarf_Addr start = 0;
    Dwarf_Addr end = 0;
    ptrdiff_t offset = 0;
    while (ranges_.size() < kMaxRanges &&
           (offset = dwarf_ranges(&unit_die, offset, &base, &start, &end)) > 0) {
      if (start < end) ranges_.push_back({start, end, dwarf_dieoffset(&unit_die)});
    }
  }
  std::sort(ranges_.begin(), ranges_.end(),
            [](const Range& a, const Range& b) { return a.start < b.start; });
}

bool UnitIndex::find(uint64_t vaddr, Dwarf_Die* unit) const {
  auto above = std::upper_bound(ranges_.begin(), ranges_.end(), vaddr,
                                [](uint64_t a, const Range& r) { return a < r.start; });
  const size_t below = static_cast<size_t>(above - ranges_.begin());  // ranges starting <= vaddr
  for (size_t back = 1; back <= kMaxOverlapScan && back <= below; ++back) {
    const Range& range = ranges_[below - back];
    if (vaddr < range.end) return dwarf_offdie(dwarf_, range.unit_offset, unit) != nullptr;
  }
  return false;
}

}  // namespace ember::symbolizer

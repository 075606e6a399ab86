// Puts back the caller that a frame-pointer walk skips under a Go function without a frame of
// its own (a small leaf: Go sets up a frame pointer only in functions that have a frame). Such
// a function leaves the caller's frame pointer in place, so the walk goes from the leaf straight
// to the caller's caller; where there is no CFI (stripped Go binaries) nothing else catches it.
// Go's own table (pcsp) says where the return address lies at the leaf's pc, and the stack copy
// holds it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "dwarf_unwinder.h"
#include "ember/symbolizer/go_frame_sizes.h"
#include "ember/symbolizer/process_table.h"

namespace ember::daemon {

class GoLeafCaller {
 public:
  explicit GoLeafCaller(std::shared_ptr<symbolizer::ProcessTable> processes);

  // `ips`: the stack unwound from `copy`, leaf first. Inserts the leaf's return address after
  // the leaf when the leaf is Go code whose return address is not already the next entry.
  // Returns whether it did.
  bool restore(const UserStackCopy& copy, std::vector<uint64_t>& ips);

 private:
  // The Go table of the file behind `mapping`, read once per file; null for other files.
  const symbolizer::GoFrameSizes* frame_sizes(uint32_t pid, const symbolizer::MapsEntry& mapping);

  const std::shared_ptr<symbolizer::ProcessTable> processes_;
  // By the file's device, inode and path.
  std::map<std::tuple<uint32_t, uint32_t, uint64_t, std::string>,
           std::shared_ptr<const symbolizer::GoFrameSizes>>
      files_;
};

}  // namespace ember::daemon

// Where a mapped ELF file sits in a process: the load bias to add to its virtual addresses.
#pragma once

#include <cstdint>
#include <optional>

#include "unwind_maps.h"

namespace ember::daemon {

// The bias of the x86-64 executable or shared object open as FD, given one of its executable
// mappings, from the PT_LOAD segment that maps the mapping's file offset. Nothing when FD is
// not such an ELF file or no segment fits (then the file is not what the process mapped).
std::optional<uint64_t> load_bias(int fd, const MapsEntry& mapping);

}  // namespace ember::daemon

// What the unwinder needs from /proc/PID/maps beyond parsing it (symbolizer::read_maps): whether
// the code mappings changed, and which mapping holds an address (where CFI is looked up, and
// which read-only file data CFI expressions may read besides the stack).
#pragma once

#include <cstdint>
#include <vector>

#include "ember/symbolizer/process_maps.h"

namespace ember::daemon {

using symbolizer::MapsEntry;

// Identifies the set of code mappings: equal fingerprints mean the reported modules still
// describe the process, so cached unwind state can be kept.
uint64_t code_fingerprint(const std::vector<MapsEntry>& mappings);

// The mapping holding ADDRESS, or nullptr. MAPPINGS are sorted by address, as the kernel
// writes them.
const MapsEntry* find_mapping(const std::vector<MapsEntry>& mappings, uint64_t address);

}  // namespace ember::daemon

#include "unwind_maps.h"

#include <algorithm>
#include <functional>
#include <string>

namespace ember::daemon {

uint64_t code_fingerprint(const std::vector<MapsEntry>& mappings) {
  uint64_t hash = 0xcbf29ce484222325ull;
  auto mix = [&hash](uint64_t value) { hash = (hash ^ value) * 0x100000001b3ull; };
  for (const auto& mapping : mappings) {
    if (!mapping.executable) continue;
    mix(mapping.start);
    mix(mapping.end);
    mix(mapping.offset);
    mix(mapping.inode);
    mix(std::hash<std::string>{}(mapping.path));
  }
  return hash;
}

const MapsEntry* find_mapping(const std::vector<MapsEntry>& mappings, uint64_t address) {
  auto it = std::upper_bound(mappings.begin(), mappings.end(), address,
                             [](uint64_t a, const MapsEntry& m) { return a < m.start; });
  if (it == mappings.begin()) return nullptr;
  --it;
  return it->start <= address && address < it->end ? &*it : nullptr;
}

}  // namespace ember::daemon

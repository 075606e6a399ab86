#include "unwind_vdso.h"

#include <sys/auxv.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "unwind_maps.h"

namespace ember::daemon {
namespace {

// Copied once: libelf reads the copy in place and never frees it.
std::vector<char> copy_own_vdso() {
  const uint64_t base = getauxval(AT_SYSINFO_EHDR);
  if (base == 0) return {};
  auto mappings = symbolizer::read_maps("/proc", static_cast<uint32_t>(::getpid()));
  if (!mappings) return {};
  const MapsEntry* vdso = find_mapping(*mappings, base);
  if (vdso == nullptr || vdso->path != kVdsoName) return {};
  std::vector<char> image(vdso->end - base);
  std::memcpy(image.data(), reinterpret_cast<const void*>(base), image.size());
  return image;
}

}  // namespace

Elf* open_vdso_elf() {
  static std::vector<char> image = copy_own_vdso();
  if (image.empty() || elf_version(EV_CURRENT) == EV_NONE) return nullptr;
  return elf_memory(image.data(), image.size());
}

}  // namespace ember::daemon

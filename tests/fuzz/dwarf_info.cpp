// DWARF of untrusted binaries: compile units, line tables and inline chains, looked up the way
// the symbolizer does (DWARF first, the symbol tables where it has nothing).
#include <cstdint>
#include <memory>
#include <vector>

#include "debug_info.h"
#include "elf_module.h"
#include "input_file.h"
#include "module.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ember::symbolizer;
  static ember::fuzz::InputFile file;
  file.write(data, size);
  auto binary = ElfModule::open(file.fd());
  if (!binary) return 0;
  std::vector<uint64_t> probes;
  for (const LoadSegment& segment : (*binary)->segments())
    probes.insert(probes.end(), {segment.vaddr, segment.vaddr + segment.file_size / 2});
  for (const Symbol& symbol : (*binary)->symbols()) {
    if (probes.size() >= 64) break;
    probes.push_back(symbol.address + symbol.size / 2);
  }
  Module module(*binary, nullptr, DebugInfo::open(file.fd()));
  for (uint64_t vaddr : probes) (void)module.frames_at(vaddr);
  return 0;
}

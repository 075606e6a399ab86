// Target binaries are untrusted: ELF headers, program and section headers, symbol tables
// (.symtab, .dynsym), notes (build-id) and .gnu_debuglink, then the symbol names demangled.
#include <cstdint>
#include <cstdlib>

#include "demangle.h"
#include "elf_module.h"
#include "input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ember::symbolizer;
  static ember::fuzz::InputFile file;
  file.write(data, size);
  (void)ElfModule::read_build_id(file.fd());
  auto module = ElfModule::open(file.fd());
  if (!module) return 0;
  const ElfModule& elf = **module;
  for (const LoadSegment& segment : elf.segments()) {
    (void)elf.file_offset_to_vaddr(segment.file_offset);
    (void)elf.file_offset_to_vaddr(segment.file_offset + segment.file_size);
  }
  (void)elf.file_offset_to_vaddr(UINT64_MAX);
  size_t demangled = 0;
  for (const Symbol& symbol : elf.symbols()) {
    // The table's promise: each symbol is found at its own address.
    if (elf.find_symbol(symbol.address) == nullptr) std::abort();
    if (demangled++ < 64) (void)demangle(symbol.name);
  }
  return 0;
}

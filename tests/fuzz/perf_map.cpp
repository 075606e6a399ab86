// Symbol text files: a JIT's /tmp/perf-PID.map (written by the target, so untrusted) and
// /proc/kallsyms.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "kernel_symbols.h"
#include "perf_map_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace ember::symbolizer;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // In two appends split inside the input, as a runtime's writes may be read half done.
  PerfMapReader map("/nonexistent");
  map.append(text.substr(0, size / 2));
  map.append(text.substr(size / 2));
  const KernelSymbols kernel = KernelSymbols::parse(text);
  // Probe addresses taken from the input itself, so the lookups see what the parser saw.
  for (size_t i = 0; i + 8 <= size && i < 256; i += 8) {
    uint64_t address = 0;
    for (size_t k = 0; k < 8; ++k) address |= uint64_t{data[i + k]} << (8 * k);
    (void)map.find(address, static_cast<uint32_t>(i));
    (void)kernel.find(address);
  }
  return 0;
}

// Address → frames, for one build(): the expensive half of symbolization.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kernel_symbols.h"
#include "module_cache.h"
#include "process_mappings.h"
#include "resolved_frame.h"

namespace ember::symbolizer {

class FrameResolver {
 public:
  // `kernel` may be null (kernel symbolization off or unavailable).
  FrameResolver(ModuleCache& modules, const KernelSymbols* kernel, std::string proc_root);

  // `is_return_address`: the address follows a call, so the call site is looked up (address
  // - 1); otherwise the address itself (the interrupted pc). The call may be the last
  // instruction of its function, and then the address belongs to the next function.
  // In JIT code, the perf map's entry at `perf_map_epoch` names it (PerfMapReader::find).
  std::vector<ResolvedFrame> resolve_user(const PinnedMapping& mapping, uint64_t address,
                                          bool is_return_address, uint32_t perf_map_epoch);
  std::vector<ResolvedFrame> resolve_kernel(uint64_t address, bool is_return_address);

  // The binary behind a mapping, or null (anonymous, pseudo, unreadable, not ELF).
  Module* module_for(const PinnedMapping& mapping);

 private:
  ModuleCache& modules_;
  const KernelSymbols* kernel_;
  std::string proc_root_;
};

// "libfoo.so+0x1a2b": the name of a frame without a symbol.
std::string unsymbolized_name(const std::string& module, uint64_t address);

}  // namespace ember::symbolizer

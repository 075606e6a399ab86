#include "frame_resolver.h"

#include <cstdio>

#include "demangle.h"
#include "ember/profile/profile.h"

namespace ember::symbolizer {
namespace {

std::vector<ResolvedFrame> symbolized(const std::string& system_name) {
  return {named_frame(demangle(system_name), system_name)};
}

std::vector<ResolvedFrame> unsymbolized(const std::string& module, uint64_t address) {
  return {unsymbolized_frame(unsymbolized_name(module, address))};
}

// The process's root directory, through which paths as it sees them are reached from here.
std::string process_root(const std::string& proc_root, uint32_t pid) {
  return proc_root + "/" + std::to_string(pid) + "/root";
}

}  // namespace

std::string unsymbolized_name(const std::string& module, uint64_t address) {
  char hex[24];
  std::snprintf(hex, sizeof hex, "+0x%llx", static_cast<unsigned long long>(address));
  return module + hex;
}

FrameResolver::FrameResolver(ModuleCache& modules, const KernelSymbols* kernel,
                             std::string proc_root)
    : modules_(modules), kernel_(kernel), proc_root_(std::move(proc_root)) {}

Module* FrameResolver::module_for(const PinnedMapping& mapping) {
  if (!(mapping.is_file_backed() || mapping.is_vdso()) || !mapping.file) return nullptr;
  BinaryLocation location{process_root(proc_root_, mapping.pid), mapping.path};
  return modules_.get(mapping.file->get(), location).get();
}

std::vector<ResolvedFrame> FrameResolver::resolve_user(const PinnedMapping& mapping,
                                                       uint64_t address, bool is_return_address,
                                                       uint32_t perf_map_epoch) {
  const uint64_t back = is_return_address ? 1 : 0;
  // What the mapping's file has at this address, in the file's own terms.
  const uint64_t file_offset = address - mapping.start + mapping.offset;
  if (Module* module = module_for(mapping)) {
    auto vaddr = module->binary().file_offset_to_vaddr(file_offset);
    if (vaddr && *vaddr >= back) {
      const std::vector<ResolvedFrame>& frames = module->frames_at(*vaddr - back);
      if (!frames.empty()) return frames;
    }
    return unsymbolized(mapping.module_name(), vaddr.value_or(file_offset));
  }
  if (mapping.path.empty()) {
    if (mapping.perf_map && address >= back) {
      // Lines written since the sample was pinned name code not yet named then.
      mapping.perf_map->catch_up();
      if (auto symbol = mapping.perf_map->find(address - back, perf_map_epoch))
        return symbolized(symbol->name);
    }
    // JIT code has no file to be an offset into; its runtime address is what a runtime's
    // own logs show.
    return unsymbolized(mapping.module_name(), address);
  }
  return unsymbolized(mapping.module_name(), file_offset);
}

std::vector<ResolvedFrame> FrameResolver::resolve_kernel(uint64_t address, bool is_return_address) {
  const uint64_t back = is_return_address ? 1 : 0;
  if (kernel_ && address >= back) {
    if (const Symbol* symbol = kernel_->find(address - back)) return symbolized(symbol->name);
  }
  return unsymbolized(profile::kKernelMappingFile, address);
}

}  // namespace ember::symbolizer

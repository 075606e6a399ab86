#include "module.h"

#include "demangle.h"

namespace ember::symbolizer {
namespace {

// Per module; a profile touches far fewer distinct addresses. When full, the cache starts
// over rather than tracking recency: simple, and bounded.
constexpr size_t kMaxCachedAddresses = 1 << 16;

}  // namespace

Module::Module(std::shared_ptr<const ElfModule> binary, std::shared_ptr<const ElfModule> debug_file,
               std::unique_ptr<DebugInfo> debug_info)
    : binary_(std::move(binary)),
      debug_file_(std::move(debug_file)),
      debug_info_(std::move(debug_info)) {}

const std::vector<ResolvedFrame>& Module::frames_at(uint64_t vaddr) {
  if (auto it = frames_.find(vaddr); it != frames_.end()) return it->second;
  if (frames_.size() >= kMaxCachedAddresses) frames_.clear();
  return frames_.emplace(vaddr, look_up(vaddr)).first->second;
}

std::vector<ResolvedFrame> Module::look_up(uint64_t vaddr) {
  std::vector<ResolvedFrame> frames;
  const GoPclntab* go = binary_->go_pclntab();
  if (debug_info_) {
    frames = debug_info_->frames_at(vaddr);
    // DWARF does not say which functions are compiler-generated wrappers; Go's table does.
    if (go && !frames.empty()) {
      const std::vector<ResolvedFrame> go_frames = go->frames_at(vaddr);
      if (go_frames.size() == 1 && go_frames[0].go_wrapper)
        for (ResolvedFrame& frame : frames) frame.go_wrapper = true;
    }
  } else if (go) {
    frames = go->frames_at(vaddr);
  }
  const Symbol* symbol = find_symbol(vaddr);
  // An inlined function without a name (broken DWARF) says nothing a reader could use.
  if (frames.size() > 1) {
    ResolvedFrame outermost = std::move(frames.back());
    frames.pop_back();
    std::erase_if(frames, [](const ResolvedFrame& frame) { return frame.name.empty(); });
    frames.push_back(std::move(outermost));
  }
  if (frames.empty() && symbol) frames.emplace_back();
  // The outermost function is the symbol's; DWARF may lack its name (assembly), and then the
  // symbol table names it.
  if (!frames.empty() && frames.back().name.empty()) {
    if (!symbol) return {};
    frames.back().name = demangle(symbol->name);
    frames.back().system_name = symbol->name;
    frames.back().symbolized = true;
  }
  return frames;
}

const Symbol* Module::find_symbol(uint64_t vaddr) const {
  if (debug_file_) {
    if (const Symbol* symbol = debug_file_->find_symbol(vaddr)) return symbol;
  }
  return binary_->find_symbol(vaddr);
}

}  // namespace ember::symbolizer

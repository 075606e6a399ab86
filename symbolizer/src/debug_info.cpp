#include "debug_info.h"

#include <fcntl.h>
#include <gelf.h>
#include <sys/stat.h>

#include <string_view>

#include "inline_chain.h"

namespace ember::symbolizer {
namespace {

bool is_string_section(const char* name) {
  std::string_view view(name);
  if (view.starts_with(".z"))
    view.remove_prefix(2);  // old-style compressed: .zdebug_str
  else if (view.starts_with("."))
    view.remove_prefix(1);
  return view == "debug_str" || view == "debug_line_str";
}

// libdw reads names out of the string sections with strlen: a section whose last string runs
// off its end (a truncated or corrupted file) would have it read past the buffer. Such files
// are refused. Compressed sections are decompressed here, once, and libdw then uses them so.
bool string_sections_terminated(Elf* elf) {
  size_t names_index = 0;
  if (elf_getshdrstrndx(elf, &names_index) != 0) return false;
  for (Elf_Scn* section = elf_nextscn(elf, nullptr); section; section = elf_nextscn(elf, section)) {
    GElf_Shdr shdr;
    if (!gelf_getshdr(section, &shdr)) return false;
    const char* name = elf_strptr(elf, names_index, shdr.sh_name);
    if (!name || !is_string_section(name) || shdr.sh_type == SHT_NOBITS) continue;
    if ((shdr.sh_flags & SHF_COMPRESSED) != 0 && elf_compress(section, 0, 0) < 0) return false;
    if (name[1] == 'z' && elf_compress_gnu(section, 0, 0) < 0) return false;
    Elf_Data* data = elf_getdata(section, nullptr);
    if (!data || !data->d_buf) return false;
    if (data->d_size > 0 && static_cast<const char*>(data->d_buf)[data->d_size - 1] != '\0')
      return false;
  }
  return true;
}

}  // namespace

std::unique_ptr<DebugInfo> DebugInfo::open(int fd) {
  struct stat status;
  if (::fstat(fd, &status) != 0 || status.st_size > kMaxDebugFileBytes) return nullptr;
  UniqueFd own(::fcntl(fd, F_DUPFD_CLOEXEC, 0));
  if (!own.valid()) return nullptr;
  auto elf = begin_elf(own.get());
  if (!elf || !string_sections_terminated(elf->get())) return nullptr;
  Dwarf* dwarf = dwarf_begin_elf(elf->get(), DWARF_C_READ, nullptr);
  if (!dwarf) return nullptr;
  return std::unique_ptr<DebugInfo>(new DebugInfo(std::move(own), std::move(*elf), dwarf));
}

DebugInfo::DebugInfo(UniqueFd fd, ElfHandle elf, Dwarf* dwarf)
    : fd_(std::move(fd)), elf_(std::move(elf)), dwarf_(dwarf) {}

DebugInfo::~DebugInfo() {
  // libdw borrows the Elf descriptor: end it first.
  dwarf_end(dwarf_);
}

std::vector<ResolvedFrame> DebugInfo::frames_at(uint64_t vaddr) {
  if (!units_) units_.emplace(dwarf_);
  Dwarf_Die unit;
  if (!units_->find(vaddr, &unit)) return {};
  return inline_chain(&unit, vaddr);
}

}  // namespace ember::symbolizer

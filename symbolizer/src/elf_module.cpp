#include "elf_module.h"

#include <elfutils/libdwelf.h>
#include <gelf.h>
#include <libelf.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstring>

#include "elf_handle.h"
#include "gopclntab_reader.h"

namespace ember::symbolizer {
namespace {

// Build-ids are 16 (md5) or 20 (sha1) bytes; anything much longer is not one.
constexpr size_t kMaxBuildIdBytes = 64;

std::string to_hex(const unsigned char* bytes, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    hex.push_back(kDigits[bytes[i] >> 4]);
    hex.push_back(kDigits[bytes[i] & 0xf]);
  }
  return hex;
}

// Scans one block of notes for NT_GNU_BUILD_ID; gelf_getnote bounds-checks each note.
std::string build_id_in_notes(Elf_Data* data) {
  if (!data || !data->d_buf) return {};
  GElf_Nhdr note;
  size_t name_offset = 0;
  size_t desc_offset = 0;
  size_t offset = 0;
  while (offset < data->d_size) {
    size_t next = gelf_getnote(data, offset, &note, &name_offset, &desc_offset);
    if (next == 0 || next <= offset) break;
    const auto* bytes = static_cast<const unsigned char*>(data->d_buf);
    if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 &&
        std::memcmp(bytes + name_offset, "GNU", 4) == 0 && note.n_descsz > 0 &&
        note.n_descsz <= kMaxBuildIdBytes)
      return to_hex(bytes + desc_offset, note.n_descsz);
    offset = next;
  }
  return {};
}

std::string find_build_id(Elf* elf) {
  // Program headers first: they survive stripping of section headers.
  size_t count = 0;
  if (elf_getphdrnum(elf, &count) == 0) {
    for (size_t i = 0; i < count; ++i) {
      GElf_Phdr phdr;
      if (!gelf_getphdr(elf, static_cast<int>(i), &phdr) || phdr.p_type != PT_NOTE) continue;
      Elf_Type type = phdr.p_align == 8 ? ELF_T_NHDR8 : ELF_T_NHDR;
      std::string id = build_id_in_notes(
          elf_getdata_rawchunk(elf, static_cast<int64_t>(phdr.p_offset), phdr.p_filesz, type));
      if (!id.empty()) return id;
    }
  }
  for (Elf_Scn* section = elf_nextscn(elf, nullptr); section; section = elf_nextscn(elf, section)) {
    GElf_Shdr shdr;
    if (!gelf_getshdr(section, &shdr) || shdr.sh_type != SHT_NOTE) continue;
    std::string id = build_id_in_notes(elf_getdata(section, nullptr));
    if (!id.empty()) return id;
  }
  return {};
}

std::vector<LoadSegment> read_load_segments(Elf* elf) {
  std::vector<LoadSegment> segments;
  size_t count = 0;
  if (elf_getphdrnum(elf, &count) != 0) return segments;
  for (size_t i = 0; i < count; ++i) {
    GElf_Phdr phdr;
    if (!gelf_getphdr(elf, static_cast<int>(i), &phdr) || phdr.p_type != PT_LOAD) continue;
    segments.push_back({phdr.p_offset, phdr.p_filesz, phdr.p_vaddr, (phdr.p_flags & PF_X) != 0});
  }
  return segments;
}

// A symbol with how much we trust it, to pick one name when several share an address.
struct SymbolCandidate {
  Symbol symbol;
  int rank = 0;  // higher wins
};

int binding_rank(unsigned char binding) {
  switch (binding) {
    case STB_GLOBAL:
      return 2;
    case STB_WEAK:
      return 1;
    default:
      return 0;
  }
}

bool in_executable_section(Elf* elf, size_t section_index) {
  Elf_Scn* section = elf_getscn(elf, section_index);
  GElf_Shdr shdr;
  return section && gelf_getshdr(section, &shdr) && (shdr.sh_flags & SHF_EXECINSTR);
}

void read_function_symbols(Elf* elf, Elf_Scn* section, const GElf_Shdr& shdr,
                           std::vector<SymbolCandidate>& out) {
  Elf_Data* data = elf_getdata(section, nullptr);
  if (!data || shdr.sh_entsize == 0) return;
  size_t count = std::min<size_t>(shdr.sh_size / shdr.sh_entsize,
                                  data->d_size / gelf_fsize(elf, ELF_T_SYM, 1, EV_CURRENT));
  for (size_t i = 0; i < count; ++i) {
    GElf_Sym sym;
    if (!gelf_getsym(data, static_cast<int>(i), &sym)) break;
    unsigned char type = GELF_ST_TYPE(sym.st_info);
    if (sym.st_shndx == SHN_UNDEF || sym.st_value == 0) continue;
    // Hand-written assembly often leaves entry points untyped (ld.so's _start is): an untyped
    // symbol in an executable section names code too.
    if (type != STT_FUNC && type != STT_GNU_IFUNC &&
        !(type == STT_NOTYPE && in_executable_section(elf, sym.st_shndx)))
      continue;
    const char* name = elf_strptr(elf, shdr.sh_link, sym.st_name);
    if (!name || !*name) continue;
    out.push_back({{sym.st_value, sym.st_size, name}, binding_rank(GELF_ST_BIND(sym.st_info))});
  }
}

std::vector<Symbol> read_symbols(Elf* elf) {
  std::vector<SymbolCandidate> candidates;
  for (Elf_Scn* section = elf_nextscn(elf, nullptr); section; section = elf_nextscn(elf, section)) {
    GElf_Shdr shdr;
    if (!gelf_getshdr(section, &shdr)) continue;
    if (shdr.sh_type == SHT_SYMTAB || shdr.sh_type == SHT_DYNSYM)
      read_function_symbols(elf, section, shdr, candidates);
  }
  // Per address, the best first: sized over sizeless, then by binding, then by name so the
  // choice does not depend on section order.
  std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
    if (a.symbol.address != b.symbol.address) return a.symbol.address < b.symbol.address;
    if ((a.symbol.size != 0) != (b.symbol.size != 0)) return a.symbol.size != 0;
    if (a.rank != b.rank) return a.rank > b.rank;
    return a.symbol.name < b.symbol.name;
  });
  std::vector<Symbol> symbols;
  symbols.reserve(candidates.size());
  for (auto& candidate : candidates) {
    if (!symbols.empty() && symbols.back().address == candidate.symbol.address) continue;
    symbols.push_back(std::move(candidate.symbol));
  }
  return symbols;
}

DebugLink read_debug_link(Elf* elf) {
  GElf_Word crc = 0;
  const char* name = dwelf_elf_gnu_debuglink(elf, &crc);
  if (!name || !*name || std::strchr(name, '/') || std::strcmp(name, "..") == 0) return {};
  return {name, crc};
}

struct SectionKinds {
  bool dwarf = false;
  bool symtab = false;
};

SectionKinds read_section_kinds(Elf* elf) {
  SectionKinds kinds;
  size_t names_index = 0;
  if (elf_getshdrstrndx(elf, &names_index) != 0) return kinds;
  for (Elf_Scn* section = elf_nextscn(elf, nullptr); section; section = elf_nextscn(elf, section)) {
    GElf_Shdr shdr;
    if (!gelf_getshdr(section, &shdr)) continue;
    if (shdr.sh_type == SHT_SYMTAB) kinds.symtab = true;
    const char* name = elf_strptr(elf, names_index, shdr.sh_name);
    // A debug-only or stripped file keeps sections as NOBITS placeholders.
    if (name && shdr.sh_type != SHT_NOBITS && shdr.sh_size > 0 &&
        (std::strcmp(name, ".debug_info") == 0 || std::strcmp(name, ".zdebug_info") == 0))
      kinds.dwarf = true;
  }
  return kinds;
}

}  // namespace

Result<std::shared_ptr<const ElfModule>> ElfModule::open(int fd) {
  auto elf = begin_elf(fd);
  if (!elf) return elf.error();
  auto module = std::make_shared<ElfModule>();
  module->build_id_ = find_build_id(elf->get());
  module->debug_link_ = read_debug_link(elf->get());
  SectionKinds kinds = read_section_kinds(elf->get());
  module->has_dwarf_ = kinds.dwarf;
  module->has_symtab_ = kinds.symtab;
  module->segments_ = read_load_segments(elf->get());
  module->symbols_ = read_symbols(elf->get());
  struct stat file;
  if (fstat(fd, &file) == 0)
    module->go_pclntab_ = read_go_pclntab(elf->get(), static_cast<uint64_t>(file.st_size));
  return std::shared_ptr<const ElfModule>(std::move(module));
}

Result<std::string> ElfModule::read_build_id(int fd) {
  auto elf = begin_elf(fd);
  if (!elf) return elf.error();
  return find_build_id(elf->get());
}

std::optional<uint64_t> ElfModule::file_offset_to_vaddr(uint64_t offset) const {
  const LoadSegment* found = nullptr;
  for (const LoadSegment& segment : segments_) {
    bool contains =
        offset >= segment.file_offset && offset - segment.file_offset < segment.file_size;
    if (contains && (!found || (segment.executable && !found->executable))) found = &segment;
  }
  if (!found) return std::nullopt;
  return offset - found->file_offset + found->vaddr;
}

}  // namespace ember::symbolizer

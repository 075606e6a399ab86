#include "ember/symbolizer/data_symbols.h"

#include <fcntl.h>
#include <gelf.h>

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <vector>

#include "demangle.h"
#include "elf_handle.h"
#include "ember/symbolizer/process_maps.h"
#include "ember/unique_fd.h"
#include "symbol_table.h"

namespace ember::symbolizer {

// One file's sized data symbols (ELF vaddrs) and the vaddr of its first loaded page, which is
// where the file's lowest mapping (offset 0) starts at run time.
struct DataSymbolFile {
  std::vector<Symbol> symbols;
  uint64_t first_page_vaddr = 0;
};

namespace {

constexpr uint64_t kPageMask = ~uint64_t{0xfff};

DataSymbolFile read_data_symbols(Elf* elf) {
  DataSymbolFile file;
  size_t segments = 0;
  bool have_segment = false;
  if (elf_getphdrnum(elf, &segments) == 0)
    for (size_t i = 0; i < segments; ++i) {
      GElf_Phdr phdr;
      if (!gelf_getphdr(elf, static_cast<int>(i), &phdr) || phdr.p_type != PT_LOAD) continue;
      const uint64_t page = phdr.p_vaddr & kPageMask;
      if (!have_segment || page < file.first_page_vaddr) file.first_page_vaddr = page;
      have_segment = true;
    }
  for (Elf_Scn* section = elf_nextscn(elf, nullptr); section; section = elf_nextscn(elf, section)) {
    GElf_Shdr shdr;
    if (!gelf_getshdr(section, &shdr) ||
        (shdr.sh_type != SHT_SYMTAB && shdr.sh_type != SHT_DYNSYM) || shdr.sh_entsize == 0)
      continue;
    Elf_Data* data = elf_getdata(section, nullptr);
    if (!data) continue;
    const size_t count = std::min<size_t>(shdr.sh_size / shdr.sh_entsize,
                                          data->d_size / gelf_fsize(elf, ELF_T_SYM, 1, EV_CURRENT));
    for (size_t i = 0; i < count; ++i) {
      GElf_Sym sym;
      if (!gelf_getsym(data, static_cast<int>(i), &sym)) break;
      if (GELF_ST_TYPE(sym.st_info) != STT_OBJECT || sym.st_shndx == SHN_UNDEF || sym.st_size == 0)
        continue;
      const char* name = elf_strptr(elf, shdr.sh_link, sym.st_name);
      if (name && *name) file.symbols.push_back({sym.st_value, sym.st_size, name});
    }
  }
  std::sort(file.symbols.begin(), file.symbols.end(),
            [](const Symbol& a, const Symbol& b) { return a.address < b.address; });
  return file;
}

std::string hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof(text), "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

}  // namespace

DataSymbols::DataSymbols(std::string proc_root) : proc_root_(std::move(proc_root)) {}
DataSymbols::~DataSymbols() = default;

std::shared_ptr<const DataSymbolFile> DataSymbols::file(uint32_t pid, uint64_t start, uint64_t end,
                                                        uint64_t inode, const std::string& path) {
  auto& cached = files_[{inode, path}];
  if (cached) return cached;
  const std::string map_file = proc_root_ + "/" + std::to_string(pid) + "/map_files/" +
                               hex(start).substr(2) + "-" + hex(end).substr(2);
  UniqueFd fd(::open(map_file.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return nullptr;  // not cached: the next address may be luckier
  auto elf = begin_elf(fd.get());
  cached = std::make_shared<const DataSymbolFile>(elf ? read_data_symbols(elf->get())
                                                      : DataSymbolFile{});
  return cached;
}

std::string DataSymbols::name(uint32_t pid, uint64_t address) {
  auto maps = read_maps(proc_root_, pid);
  if (!maps) return {};
  auto containing = std::find_if(maps->begin(), maps->end(), [&](const MapsEntry& entry) {
    return entry.start <= address && address < entry.end;
  });
  if (containing == maps->end()) return {};
  // .bss past the file's last page is anonymous memory right after the file's data mapping.
  if (!containing->is_file() && containing->path.empty() && containing != maps->begin() &&
      std::prev(containing)->end == containing->start)
    --containing;
  if (!containing->is_file()) return {};
  // The file's first page is mapped by its entry with offset 0: that fixes the load bias.
  auto first = std::find_if(maps->begin(), maps->end(), [&](const MapsEntry& entry) {
    return entry.inode == containing->inode && entry.path == containing->path && entry.offset == 0;
  });
  if (first == maps->end()) return {};
  auto symbols = file(pid, first->start, first->end, first->inode, first->path);
  if (!symbols) return {};
  const uint64_t vaddr = address - first->start + symbols->first_page_vaddr;
  const Symbol* symbol = find_symbol(symbols->symbols, vaddr);
  if (!symbol) return {};
  const std::string name = demangle(symbol->name);
  return vaddr == symbol->address ? name : name + "+" + hex(vaddr - symbol->address);
}

}  // namespace ember::symbolizer

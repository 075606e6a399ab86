#include "gopclntab_reader.h"

#include <gelf.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <vector>

namespace ember::symbolizer {
namespace {

struct Segment {
  GoSegment image;
  bool writable = false;
};

std::vector<Segment> read_segments(Elf* elf, uint64_t file_size) {
  std::vector<Segment> segments;
  size_t count = 0;
  if (elf_getphdrnum(elf, &count) != 0) return segments;
  for (size_t i = 0; i < count; ++i) {
    GElf_Phdr phdr;
    if (!gelf_getphdr(elf, static_cast<int>(i), &phdr) || phdr.p_type != PT_LOAD ||
        phdr.p_offset >= file_size || phdr.p_filesz == 0)
      continue;
    // A cut-off file keeps what it has: the functions in it still have names.
    const uint64_t size = std::min<uint64_t>(phdr.p_filesz, file_size - phdr.p_offset);
    Elf_Data* data =
        elf_getdata_rawchunk(elf, static_cast<int64_t>(phdr.p_offset), size, ELF_T_BYTE);
    if (!data || !data->d_buf) continue;
    const auto* bytes = static_cast<const uint8_t*>(data->d_buf);
    segments.push_back({{phdr.p_vaddr, {bytes, bytes + data->d_size}}, (phdr.p_flags & PF_W) != 0});
  }
  return segments;
}

// The address of the .gopclntab section, if the file names one.
std::optional<uint64_t> section_address(Elf* elf) {
  size_t names_index = 0;
  if (elf_getshdrstrndx(elf, &names_index) != 0) return std::nullopt;
  for (Elf_Scn* section = elf_nextscn(elf, nullptr); section; section = elf_nextscn(elf, section)) {
    GElf_Shdr shdr;
    if (!gelf_getshdr(section, &shdr) || shdr.sh_type == SHT_NOBITS) continue;
    const char* name = elf_strptr(elf, names_index, shdr.sh_name);
    if (name && std::strcmp(name, ".gopclntab") == 0) return shdr.sh_addr;
  }
  return std::nullopt;
}

bool has_sections(Elf* elf) {
  size_t count = 0;
  return elf_getshdrnum(elf, &count) == 0 && count > 1;
}

// A magic of a supported version, zero padding, a PC quantum and a pointer size: worth a
// full parse.
bool looks_like_header(const uint8_t* at) {
  static constexpr uint8_t kMagics[][4] = {
      {0xfa, 0xff, 0xff, 0xff}, {0xf0, 0xff, 0xff, 0xff}, {0xf1, 0xff, 0xff, 0xff}};
  bool magic = false;
  for (const auto& candidate : kMagics) magic = magic || std::memcmp(at, candidate, 4) == 0;
  return magic && at[4] == 0 && at[5] == 0 && (at[6] == 1 || at[6] == 2 || at[6] == 4) &&
         (at[7] == 4 || at[7] == 8);
}

}  // namespace

std::shared_ptr<const GoPclntab> read_go_pclntab(Elf* elf, uint64_t file_size) {
  std::optional<uint64_t> address = section_address(elf);
  // Only a file without section headers is searched: in any other, no section means no table.
  if (!address && has_sections(elf)) return nullptr;
  std::vector<Segment> segments = read_segments(elf, file_size);
  std::vector<GoSegment> data;
  for (const Segment& segment : segments)
    if (segment.writable) data.push_back(segment.image);
  for (const Segment& segment : segments) {
    const GoSegment& image = segment.image;
    if (address) {
      if (*address >= image.vaddr && *address - image.vaddr < image.bytes.size())
        return GoPclntab::parse(image, *address, data);
      continue;
    }
    if (segment.writable) continue;
    // The header is pointer-aligned.
    for (size_t at = 0; at + 16 <= image.bytes.size(); at += 8) {
      if (!looks_like_header(image.bytes.data() + at)) continue;
      if (auto table = GoPclntab::parse(image, image.vaddr + at, data)) return table;
    }
  }
  return nullptr;
}

}  // namespace ember::symbolizer

// Target binaries are untrusted: broken ELF files must give errors or no symbols, never a crash.
#include <fcntl.h>
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <random>

#include "elf_module.h"
#include "ember/unique_fd.h"
#include "module_cache.h"
#include "test_support.h"

namespace ember::symbolizer {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Opens `bytes` as a file and uses everything ElfModule offers on it.
void exercise(const std::filesystem::path& path, const std::string& bytes) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  ASSERT_TRUE(fd.valid());
  (void)ElfModule::read_build_id(fd.get());
  auto module = ElfModule::open(fd.get());
  if (!module) return;
  for (uint64_t probe : {uint64_t{0}, uint64_t{0x1000}, uint64_t{0x1139}, UINT64_MAX}) {
    (void)(*module)->file_offset_to_vaddr(probe);
    (void)(*module)->find_symbol(probe);
  }
  for (const Symbol& symbol : (*module)->symbols())
    EXPECT_EQ((*module)->find_symbol(symbol.address) != nullptr, true);
}

TEST(MalformedElf, NotElfAtAll) {
  testing::TempDir dir;
  auto path = dir.path() / "bad";
  for (const std::string& bytes : {std::string(),
                                   std::string("\x7f"
                                               "ELF"),
                                   std::string(64, '\0'), std::string(5000, '\xff')}) {
    exercise(path, bytes);
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    EXPECT_FALSE(ElfModule::open(fd.get()).ok());
  }
}

TEST(MalformedElf, TruncatedFiles) {
  testing::TempDir dir;
  const std::string original = read_file(FIXTURE_LIB);
  ASSERT_GT(original.size(), 1000u);
  for (size_t size = 0; size < original.size(); size += size < 4096 ? 61 : 997)
    exercise(dir.path() / "truncated", original.substr(0, size));
}

// Random byte changes in the headers and tables (start and end of the file), fixed seed.
TEST(MalformedElf, CorruptedHeadersAndTables) {
  testing::TempDir dir;
  for (const char* fixture : {FIXTURE_LIB, FIXTURE_NOPIE}) {
    const std::string original = read_file(fixture);
    std::mt19937 random(12345);
    for (int round = 0; round < 300; ++round) {
      std::string bytes = original;
      const size_t region = std::min<size_t>(4096, bytes.size());
      for (int i = 0; i < 12; ++i) {
        size_t at = random() % region;
        if (random() % 2) at = bytes.size() - 1 - at;  // section headers live at the end
        bytes[at] = static_cast<char>(random());
      }
      exercise(dir.path() / "corrupt", bytes);
    }
  }
}

// Where each DWARF section of `path` lies in the file: {offset, size}.
std::vector<std::pair<size_t, size_t>> dwarf_sections(const std::string& path) {
  std::vector<std::pair<size_t, size_t>> sections;
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  elf_version(EV_CURRENT);
  Elf* elf = elf_begin(fd.get(), ELF_C_READ, nullptr);
  size_t names = 0;
  if (elf && elf_getshdrstrndx(elf, &names) == 0) {
    for (Elf_Scn* scn = elf_nextscn(elf, nullptr); scn; scn = elf_nextscn(elf, scn)) {
      GElf_Shdr shdr;
      const char* name = gelf_getshdr(scn, &shdr) ? elf_strptr(elf, names, shdr.sh_name) : nullptr;
      if (name && std::string_view(name).starts_with(".debug_") && shdr.sh_size > 0)
        sections.emplace_back(shdr.sh_offset, shdr.sh_size);
    }
  }
  elf_end(elf);
  return sections;
}

// Looks up every address of the fixture's code in a module opened from `bytes`.
void exercise_dwarf(const std::filesystem::path& path, const std::string& bytes,
                    const std::vector<uint64_t>& addresses) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  ModuleCache cache("");
  auto module = cache.get(fd.get());
  if (!module) return;
  for (uint64_t address : addresses) {
    for (const ResolvedFrame& frame : module->frames_at(address))
      EXPECT_FALSE(frame.name.empty() && frame.symbolized);
  }
}

// Random byte changes inside the DWARF sections, and DWARF cut short: lookups give fewer or
// odder frames, never a crash or a hang.
TEST(MalformedElf, CorruptedDwarf) {
  testing::TempDir dir;
  const std::string original = read_file(FIXTURE_INLINE);
  auto sections = dwarf_sections(FIXTURE_INLINE);
  ASSERT_FALSE(sections.empty());
  std::vector<uint64_t> addresses;
  for (const auto& symbol : testing::nm_function_symbols(FIXTURE_INLINE))
    for (uint64_t a = symbol.address; a < symbol.address + symbol.size; a += 3)
      addresses.push_back(a);
  std::mt19937 random(4321);
  for (int round = 0; round < 200; ++round) {
    std::string bytes = original;
    for (int i = 0; i < 8; ++i) {
      const auto& [offset, size] = sections[random() % sections.size()];
      size_t at = offset + random() % size;
      if (at < bytes.size()) bytes[at] = static_cast<char>(random());
    }
    exercise_dwarf(dir.path() / "corrupt", bytes, addresses);
  }
  for (const auto& [offset, size] : sections)
    exercise_dwarf(dir.path() / "truncated", original.substr(0, offset + size / 2), addresses);
}

}  // namespace
}  // namespace ember::symbolizer

// ElfModule against the answers of binutils (nm, readelf) on real binaries built for the test.
#include "elf_module.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <set>

#include "ember/symbolizer/process_maps.h"
#include "ember/unique_fd.h"
#include "module_cache.h"
#include "test_support.h"

namespace ember::symbolizer {
namespace {

using testing::nm_function_symbols;
using testing::readelf_build_id;

std::shared_ptr<const ElfModule> open_module(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  EXPECT_TRUE(fd.valid()) << path;
  auto module = ElfModule::open(fd.get());
  EXPECT_TRUE(module.ok()) << path << ": " << (module ? "" : module.error().message);
  return module ? *module : nullptr;
}

// Every symbol looked up at its first and last byte is found by one of the names nm gives that
// address (aliases share an address; any of them is right).
void expect_lookups_match_nm(const ElfModule& module, const std::vector<testing::NmSymbol>& nm) {
  std::map<uint64_t, std::set<std::string>> names_at;
  for (const auto& symbol : nm) names_at[symbol.address].insert(symbol.name);
  for (const auto& symbol : nm) {
    for (uint64_t address : {symbol.address, symbol.address + symbol.size - 1}) {
      const Symbol* found = module.find_symbol(address);
      ASSERT_NE(found, nullptr) << symbol.name << " at 0x" << std::hex << address;
      EXPECT_TRUE(names_at[symbol.address].contains(found->name))
          << "0x" << std::hex << address << ": expected " << symbol.name << ", got " << found->name;
    }
  }
}

class ElfModuleTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ElfModuleTest, FindsEveryFunctionThatNmReports) {
  const std::string path = GetParam();
  auto module = open_module(path);
  ASSERT_TRUE(module);
  auto nm_symbols = nm_function_symbols(path);
  ASSERT_FALSE(nm_symbols.empty()) << "nm found no functions in " << path;
  bool has_fixture_function = false;
  for (const auto& symbol : nm_symbols) has_fixture_function |= symbol.name.starts_with("ember_");
  EXPECT_TRUE(has_fixture_function);
  expect_lookups_match_nm(*module, nm_symbols);
}

TEST_P(ElfModuleTest, BuildIdMatchesReadelf) {
  const std::string path = GetParam();
  auto module = open_module(path);
  ASSERT_TRUE(module);
  std::string expected = readelf_build_id(path);
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(module->build_id(), expected);

  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  auto build_id_only = ElfModule::read_build_id(fd.get());
  ASSERT_TRUE(build_id_only.ok());
  EXPECT_EQ(*build_id_only, expected);
}

// The executable segment maps file offsets to vaddrs by a constant shift; offsets outside
// every segment have no vaddr.
TEST_P(ElfModuleTest, TranslatesFileOffsetsInTheCodeSegment) {
  auto module = open_module(GetParam());
  ASSERT_TRUE(module);
  const LoadSegment* code = nullptr;
  for (const auto& segment : module->segments())
    if (segment.executable) code = &segment;
  ASSERT_NE(code, nullptr);
  uint64_t offset = code->file_offset + code->file_size / 2;
  auto vaddr = module->file_offset_to_vaddr(offset);
  ASSERT_TRUE(vaddr.has_value());
  EXPECT_EQ(*vaddr, code->vaddr + code->file_size / 2);
  EXPECT_FALSE(module->file_offset_to_vaddr(UINT64_MAX).has_value());
}

std::string fixture_name(const ::testing::TestParamInfo<const char*>& info) {
  static const char* kNames[] = {"pie", "nopie", "nofp", "lib"};
  return kNames[info.index];
}

INSTANTIATE_TEST_SUITE_P(Fixtures, ElfModuleTest,
                         ::testing::Values(FIXTURE_PIE, FIXTURE_NOPIE, FIXTURE_NOFP, FIXTURE_LIB),
                         fixture_name);

// The C library of this very process: stripped of .symtab, full of aliases and IFUNCs.
TEST(ElfModule, SystemCLibraryMatchesNmDynamic) {
  auto maps = read_maps("/proc", static_cast<uint32_t>(getpid()));
  ASSERT_TRUE(maps.ok());
  std::string libc;
  for (const auto& entry : *maps)
    if (entry.path.find("/libc.so") != std::string::npos) libc = entry.path;
  ASSERT_FALSE(libc.empty());
  auto module = open_module(libc);
  ASSERT_TRUE(module);
  auto nm_symbols = nm_function_symbols(libc, /*dynamic=*/true);
  ASSERT_GT(nm_symbols.size(), 500u);
  expect_lookups_match_nm(*module, nm_symbols);
}

TEST(ElfModule, AddressesOutsideFunctionsFindNothing) {
  auto module = open_module(FIXTURE_PIE);
  ASSERT_TRUE(module);
  ASSERT_FALSE(module->symbols().empty());
  EXPECT_EQ(module->find_symbol(0), nullptr);
  EXPECT_EQ(module->find_symbol(module->symbols().front().address - 1), nullptr);
}

TEST(ElfModule, NonPieExecutableHasAbsoluteAddresses) {
  auto module = open_module(FIXTURE_NOPIE);
  ASSERT_TRUE(module);
  // x86-64 and aarch64 link non-PIE executables at 0x400000 and above.
  EXPECT_GE(module->symbols().front().address, 0x400000u);
}

TEST(ModuleCache, SharesOneModulePerFile) {
  ModuleCache cache;
  UniqueFd first(::open(FIXTURE_LIB, O_RDONLY | O_CLOEXEC));
  UniqueFd second(::open(FIXTURE_LIB, O_RDONLY | O_CLOEXEC));
  auto a = cache.get(first.get());
  auto b = cache.get(second.get());
  ASSERT_TRUE(a);
  EXPECT_EQ(a, b);
  EXPECT_EQ(cache.size(), 1u);
}

TEST(ModuleCache, SharesOneModulePerBuildIdAcrossCopies) {
  testing::TempDir dir;
  auto copy = dir.path() / "copy.so";
  std::filesystem::copy_file(FIXTURE_LIB, copy);
  ModuleCache cache;
  UniqueFd original(::open(FIXTURE_LIB, O_RDONLY | O_CLOEXEC));
  UniqueFd copied(::open(copy.c_str(), O_RDONLY | O_CLOEXEC));
  EXPECT_EQ(cache.get(original.get()), cache.get(copied.get()));
  EXPECT_EQ(cache.size(), 1u);
}

TEST(ModuleCache, RemembersFilesThatAreNotElf) {
  testing::TempDir dir;
  auto path = dir.path() / "text";
  std::FILE* file = std::fopen(path.c_str(), "w");
  std::fputs("not an ELF file\n", file);
  std::fclose(file);
  ModuleCache cache;
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  EXPECT_EQ(cache.get(fd.get()), nullptr);
  EXPECT_EQ(cache.get(fd.get()), nullptr);
  EXPECT_EQ(cache.size(), 0u);
}

}  // namespace
}  // namespace ember::symbolizer

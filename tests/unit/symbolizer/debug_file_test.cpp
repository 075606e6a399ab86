// Separate debug files: a stripped copy of a fixture gets its names and lines from the debug
// file that objcopy split off, found by .gnu_debuglink or by build-id.
#include <fcntl.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "debug_file_finder.h"
#include "ember/symbolizer/symbolizer.h"
#include "ember/unique_fd.h"
#include "module_cache.h"
#include "test_support.h"

namespace ember::symbolizer {
namespace {

namespace fs = std::filesystem;

void run(const std::string& command) {
  ASSERT_EQ(std::system((command + " 2>&1").c_str()), 0) << command;
}

// A stripped copy of the inline fixture at DIR/bin/app with its debug file split off to
// DIR/bin/app.debug, as distributions build packages.
struct StrippedFixture {
  explicit StrippedFixture(bool debug_link, bool keep_dwarf = true) {
    fs::create_directories(bin());
    fs::copy_file(FIXTURE_INLINE, binary());
    run("objcopy --only-keep-debug '" + binary() + "' '" + debug_file() + "'");
    if (!keep_dwarf) run("objcopy --strip-debug '" + debug_file() + "'");
    run("strip --strip-all '" + binary() + "'");
    // The link records the debug file's name and CRC; objcopy reads it from the current dir.
    if (debug_link) run("cd '" + bin() + "' && objcopy --add-gnu-debuglink=app.debug app");
  }
  std::string bin() const { return (dir.path() / "bin").string(); }
  std::string binary() const { return bin() + "/app"; }
  std::string debug_file() const { return bin() + "/app.debug"; }
  std::string debug_root() const { return (dir.path() / "debug").string(); }
  // Moves the debug file to `to`, making the directories on the way.
  void move_debug_file(const std::string& to) const {
    fs::create_directories(fs::path(to).parent_path());
    fs::rename(debug_file(), to);
  }
  std::string build_id_path() const {
    std::string id = testing::readelf_build_id(FIXTURE_INLINE);
    return debug_root() + "/.build-id/" + id.substr(0, 2) + "/" + id.substr(2) + ".debug";
  }
  testing::TempDir dir;
};

std::shared_ptr<const ElfModule> open_elf(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  auto module = ElfModule::open(fd.get());
  EXPECT_TRUE(module.ok()) << path;
  return module ? *module : nullptr;
}

// Whether the finder finds the debug file where the fixture put it.
bool finds_debug_file(const StrippedFixture& fixture) {
  auto binary = open_elf(fixture.binary());
  if (!binary) return false;
  DebugFileFinder finder(fixture.debug_root());
  return finder.find(*binary, {"", fixture.binary()}).valid();
}

TEST(DebugFileFinder, FindsTheDebugLinkBesideTheBinary) {
  StrippedFixture fixture(/*debug_link=*/true);
  auto binary = open_elf(fixture.binary());
  ASSERT_TRUE(binary);
  EXPECT_EQ(binary->debug_link().file_name, "app.debug");
  EXPECT_FALSE(binary->has_symtab());
  EXPECT_FALSE(binary->has_dwarf());
  EXPECT_TRUE(finds_debug_file(fixture));
}

TEST(DebugFileFinder, FindsTheDebugLinkInTheDotDebugDirectory) {
  StrippedFixture fixture(/*debug_link=*/true);
  fixture.move_debug_file(fixture.bin() + "/.debug/app.debug");
  EXPECT_TRUE(finds_debug_file(fixture));
}

TEST(DebugFileFinder, FindsTheDebugLinkUnderTheDebugRoot) {
  StrippedFixture fixture(/*debug_link=*/true);
  fixture.move_debug_file(fixture.debug_root() + fixture.bin() + "/app.debug");
  EXPECT_TRUE(finds_debug_file(fixture));
}

TEST(DebugFileFinder, FindsTheBuildIdPath) {
  StrippedFixture fixture(/*debug_link=*/false);
  fixture.move_debug_file(fixture.build_id_path());
  EXPECT_TRUE(finds_debug_file(fixture));
}

// A file at the linked name whose contents changed is some other build's: rejected.
TEST(DebugFileFinder, RejectsADebugLinkTargetWithAnotherCrc) {
  StrippedFixture fixture(/*debug_link=*/true);
  std::fstream file(fixture.debug_file(), std::ios::in | std::ios::out | std::ios::binary);
  file.seekp(-1, std::ios::end);
  file.put('\x5a');
  file.close();
  EXPECT_FALSE(finds_debug_file(fixture));
}

// A file at the build-id path that carries another build-id is not the binary's.
TEST(DebugFileFinder, RejectsABuildIdPathWithAnotherBuildId) {
  StrippedFixture fixture(/*debug_link=*/false);
  fs::create_directories(fs::path(fixture.build_id_path()).parent_path());
  fs::copy_file(FIXTURE_PIE, fixture.build_id_path());
  EXPECT_FALSE(finds_debug_file(fixture));
}

// Symbolizes, in a live run of the stripped fixture, a pc one byte into the second caller.
profile::Profile symbolize_second_caller(const StrippedFixture& fixture) {
  testing::FixtureProcess process({fixture.binary()});
  EXPECT_TRUE(process.ready());
  SymbolizerOptions options;
  options.debug_root = fixture.debug_root();
  options.kernel = false;  // user frames only: spare reading kallsyms
  Symbolizer symbolizer(options);
  symbolizer.add(testing::user_sample(static_cast<uint32_t>(process.pid()),
                                      {process.address("ember_fixture_second_caller") + 1}));
  return symbolizer.build(testing::build_options());
}

// The location's outermost frame: function and line.
std::pair<profile::Function, int64_t> outer_frame(const profile::Profile& profile) {
  if (profile.samples.empty()) return {};
  const auto& location = profile.location(profile.samples[0].location_ids.at(0));
  if (location.lines.empty()) return {};
  return {profile.function(location.lines.back().function_id), location.lines.back().line};
}

void expect_names_and_lines_from_debug_file(const StrippedFixture& fixture) {
  auto profile = symbolize_second_caller(fixture);
  auto [function, line] = outer_frame(profile);
  EXPECT_EQ(function.name, "ember_fixture_second_caller");
  EXPECT_TRUE(function.file.ends_with("fixture_inline.c")) << function.file;
  EXPECT_GT(line, 0);
  ASSERT_FALSE(profile.mappings.empty());
  EXPECT_TRUE(profile.mappings[0].has_line_numbers);
}

TEST(SeparateDebugFile, NamesAndLinesThroughTheDebugLink) {
  StrippedFixture fixture(/*debug_link=*/true);
  fixture.move_debug_file(fixture.debug_root() + fixture.bin() + "/app.debug");
  expect_names_and_lines_from_debug_file(fixture);
}

TEST(SeparateDebugFile, NamesAndLinesThroughTheBuildId) {
  StrippedFixture fixture(/*debug_link=*/false);
  fixture.move_debug_file(fixture.build_id_path());
  expect_names_and_lines_from_debug_file(fixture);
}

// A debug file with a symbol table but no DWARF: names, no lines.
TEST(SeparateDebugFile, SymbolTableOnly) {
  StrippedFixture fixture(/*debug_link=*/true, /*keep_dwarf=*/false);
  auto profile = symbolize_second_caller(fixture);
  auto [function, line] = outer_frame(profile);
  EXPECT_EQ(function.name, "ember_fixture_second_caller");
  EXPECT_EQ(line, 0);
  ASSERT_FALSE(profile.mappings.empty());
  EXPECT_FALSE(profile.mappings[0].has_line_numbers);
}

// Without its debug file the stripped binary's functions have no names.
TEST(SeparateDebugFile, MissingDebugFileLeavesFramesUnsymbolized) {
  StrippedFixture fixture(/*debug_link=*/true);
  fs::remove(fixture.debug_file());
  auto [function, line] = outer_frame(symbolize_second_caller(fixture));
  EXPECT_TRUE(function.name.starts_with("app+0x")) << function.name;
}

}  // namespace
}  // namespace ember::symbolizer

// Inline chains and source lines from DWARF, checked against `addr2line -i` on a fixture
// whose helper is inlined into two callers.
#include <fcntl.h>
#include <gtest/gtest.h>

#include <set>

#include "ember/symbolizer/symbolizer.h"
#include "ember/unique_fd.h"
#include "module_cache.h"
#include "test_support.h"

namespace ember::symbolizer {
namespace {

using testing::Addr2lineFrame;

constexpr char kInlined[] = "ember_fixture_scale";
const std::vector<std::string> kCallers = {"ember_fixture_first_caller",
                                           "ember_fixture_second_caller"};

struct FunctionRange {
  uint64_t start = 0;
  uint64_t size = 0;
};

FunctionRange function_range(const std::string& binary, const std::string& name) {
  for (const auto& symbol : testing::nm_function_symbols(binary))
    if (symbol.name == name) return {symbol.address, symbol.size};
  ADD_FAILURE() << name << " not in " << binary;
  return {};
}

std::shared_ptr<Module> open_module(ModuleCache& cache, const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  EXPECT_TRUE(fd.valid()) << path;
  return cache.get(fd.get(), {"", path});
}

std::string describe(const std::vector<ResolvedFrame>& frames) {
  std::string text;
  for (const auto& frame : frames)
    text += frame.name + " " + frame.file + ":" + std::to_string(frame.line) + "; ";
  return text;
}

std::string describe(const std::vector<Addr2lineFrame>& frames) {
  std::string text;
  for (const auto& frame : frames)
    text += frame.function + " " + frame.file + ":" + std::to_string(frame.line) + "; ";
  return text;
}

// Every byte of both callers: the same chain, names, files and lines as addr2line. Returns the
// addresses where the chain is [inlined helper, caller].
std::map<std::string, std::vector<uint64_t>> expect_chains_match_addr2line(
    Module& module, const std::string& binary) {
  std::map<std::string, std::vector<uint64_t>> inlined_at;
  for (const std::string& caller : kCallers) {
    FunctionRange range = function_range(binary, caller);
    std::vector<uint64_t> addresses;
    for (uint64_t a = range.start; a < range.start + range.size; ++a) addresses.push_back(a);
    auto expected = testing::addr2line_frames(binary, addresses);
    for (uint64_t address : addresses) {
      const auto& ours = module.frames_at(address);
      const auto& theirs = expected[address];
      EXPECT_EQ(ours.size(), theirs.size()) << "0x" << std::hex << address << ": ours "
                                            << describe(ours) << " addr2line " << describe(theirs);
      if (ours.size() != theirs.size()) continue;
      for (size_t i = 0; i < ours.size(); ++i) {
        EXPECT_EQ(ours[i].name, theirs[i].function) << "0x" << std::hex << address;
        EXPECT_EQ(ours[i].file, theirs[i].file) << "0x" << std::hex << address;
        EXPECT_EQ(ours[i].line, theirs[i].line) << "0x" << std::hex << address;
      }
      if (ours.size() == 2 && ours[0].name == kInlined && ours[1].name == caller)
        inlined_at[caller].push_back(address);
    }
  }
  return inlined_at;
}

TEST(InlineFrames, ChainsAndLinesMatchAddr2line) {
  ModuleCache cache("");
  auto module = open_module(cache, FIXTURE_INLINE);
  ASSERT_TRUE(module);
  ASSERT_TRUE(module->has_debug_info());
  auto inlined_at = expect_chains_match_addr2line(*module, FIXTURE_INLINE);

  const int64_t body_first = testing::line_containing(FIXTURE_INLINE_SOURCE, "marker: scale body");
  const std::map<std::string, int64_t> call_lines = {
      {kCallers[0], testing::line_containing(FIXTURE_INLINE_SOURCE, "marker: first call")},
      {kCallers[1], testing::line_containing(FIXTURE_INLINE_SOURCE, "marker: second call")}};
  for (const std::string& caller : kCallers) {
    ASSERT_FALSE(inlined_at[caller].empty()) << "no inlined copy found in " << caller;
    for (uint64_t address : inlined_at[caller]) {
      const auto& frames = module->frames_at(address);
      // The helper's own two lines, and the caller at the line of the call.
      EXPECT_GE(frames[0].line, body_first);
      EXPECT_LE(frames[0].line, body_first + 1);
      EXPECT_EQ(frames[1].line, call_lines.at(caller));
      EXPECT_EQ(frames[0].start_line, body_first - 1);  // the helper's declaration
      for (const auto& frame : frames) {
        EXPECT_TRUE(frame.file.ends_with("fixture_inline.c")) << frame.file;
        EXPECT_TRUE(frame.symbolized);
      }
    }
  }
}

// Without DWARF a location has the symbol only.
TEST(InlineFrames, BinaryWithoutDwarfGivesSymbolsOnly) {
  testing::TempDir dir;
  const std::string copy = (dir.path() / "lib.so").string();
  testing::run_command("objcopy --strip-debug '" + std::string(FIXTURE_LIB) + "' '" + copy + "'");
  ModuleCache cache("");
  auto module = open_module(cache, copy);
  ASSERT_TRUE(module);
  EXPECT_FALSE(module->has_debug_info());
  FunctionRange spin = function_range(FIXTURE_LIB, "ember_lib_spin");
  const auto& frames = module->frames_at(spin.start + 1);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].name, "ember_lib_spin");
  EXPECT_TRUE(frames[0].file.empty());
  EXPECT_EQ(frames[0].line, 0);
}

// End to end on a live process: the location of a pc in an inlined copy holds the chain, its
// functions carry files and start lines, and the mapping says so.
TEST(InlineFrames, LiveProcessLocationsHoldTheChain) {
  testing::FixtureProcess process({FIXTURE_INLINE});
  ASSERT_TRUE(process.ready());
  ModuleCache cache("");
  auto module = open_module(cache, FIXTURE_INLINE);
  ASSERT_TRUE(module);
  auto inlined_at = expect_chains_match_addr2line(*module, FIXTURE_INLINE);
  ASSERT_FALSE(inlined_at[kCallers[1]].empty());
  // Runtime address = where the process has the caller + the vaddr's offset in it.
  const uint64_t vaddr = inlined_at[kCallers[1]].front();
  const uint64_t caller_vaddr = function_range(FIXTURE_INLINE, kCallers[1]).start;
  const uint64_t pc = process.address(kCallers[1]) + (vaddr - caller_vaddr);

  SymbolizerOptions options;
  options.kernel = false;  // user frames only: spare reading kallsyms
  Symbolizer symbolizer(options);
  symbolizer.add(testing::user_sample(static_cast<uint32_t>(process.pid()), {pc}));
  auto profile = symbolizer.build(testing::build_options());
  ASSERT_EQ(profile.samples.size(), 1u);
  const auto& location = profile.location(profile.samples[0].location_ids[0]);
  ASSERT_EQ(location.lines.size(), 2u);
  const auto& inner = profile.function(location.lines[0].function_id);
  const auto& outer = profile.function(location.lines[1].function_id);
  EXPECT_EQ(inner.name, kInlined);
  EXPECT_EQ(outer.name, kCallers[1]);
  EXPECT_EQ(location.lines[1].line,
            testing::line_containing(FIXTURE_INLINE_SOURCE, "marker: second call"));
  EXPECT_TRUE(inner.file.ends_with("fixture_inline.c"));
  EXPECT_GT(outer.start_line, 0);
  const auto& mapping = profile.mapping(location.mapping_id);
  EXPECT_TRUE(mapping.has_filenames);
  EXPECT_TRUE(mapping.has_line_numbers);
  EXPECT_TRUE(mapping.has_inline_frames);
  EXPECT_EQ(symbolizer.stats().unsymbolized_frames, 0);
}

}  // namespace
}  // namespace ember::symbolizer

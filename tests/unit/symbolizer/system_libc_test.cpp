// The system C library as distributions ship it: stripped, with its symbols and DWARF in a
// separate debug package (libc6-dbg on Debian). Skipped when that package is not installed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "ember/symbolizer/process_maps.h"
#include "ember/symbolizer/symbolizer.h"
#include "test_support.h"

namespace ember::symbolizer {
namespace {

constexpr char kDebugRoot[] = "/usr/lib/debug";

struct SystemLibc {
  std::string path;        // as mapped into this process
  std::string debug_file;  // by build-id under the debug root; empty when not installed
  uint64_t base = 0;       // runtime address = base + ELF vaddr
};

SystemLibc find_system_libc() {
  SystemLibc libc;
  auto maps = read_maps("/proc", static_cast<uint32_t>(getpid()));
  // The C library's first segment maps file offset 0 at vaddr 0: where it is mapped is the
  // base. (Not dladdr(&qsort): under a sanitizer that finds the interceptor's library.)
  if (maps) {
    for (const auto& entry : *maps) {
      if (entry.path.find("/libc.so") == std::string::npos || entry.offset != 0) continue;
      libc.path = entry.path;
      libc.base = entry.start;
    }
  }
  std::string id = libc.path.empty() ? "" : testing::readelf_build_id(libc.path);
  std::string debug_file =
      std::string(kDebugRoot) + "/.build-id/" + id.substr(0, 2) + "/" + id.substr(2) + ".debug";
  if (id.size() > 2 && std::filesystem::exists(debug_file)) libc.debug_file = debug_file;
  return libc;
}

// The ELF vaddr of the first sized function in `symbols` whose name starts with `prefix`.
uint64_t function_address(const std::vector<testing::NmSymbol>& symbols,
                          const std::string& prefix) {
  for (const auto& symbol : symbols)
    if (symbol.name.starts_with(prefix)) return symbol.address;
  return 0;
}

// Internal functions that only the debug file's symbol table names: the thread entry point
// and qsort's merge sort.
TEST(SystemLibc, NonExportedFunctionsGetTheirNamesAndLines) {
  SystemLibc libc = find_system_libc();
  ASSERT_FALSE(libc.path.empty());
  if (libc.debug_file.empty()) GTEST_SKIP() << "no debug file for the C library (libc6-dbg)";
  auto symbols = testing::nm_function_symbols(libc.debug_file);
  const uint64_t start_thread = function_address(symbols, "start_thread");
  const uint64_t merge_sort = function_address(symbols, "msort_with_tmp");
  ASSERT_NE(start_thread, 0u);
  ASSERT_NE(merge_sort, 0u);

  SymbolizerOptions options;
  options.kernel = false;  // user frames only: spare reading kallsyms
  Symbolizer symbolizer(options);
  const auto pid = static_cast<uint32_t>(getpid());
  symbolizer.add(
      testing::user_sample(pid, {libc.base + merge_sort + 8, libc.base + start_thread + 8}));
  auto profile = symbolizer.build(testing::build_options());
  ASSERT_EQ(profile.samples.size(), 1u);
  const auto& ids = profile.samples[0].location_ids;
  ASSERT_EQ(ids.size(), 2u);
  auto outer = [&](uint64_t id) {
    return profile.function(profile.location(id).lines.back().function_id);
  };
  EXPECT_TRUE(outer(ids[0]).name.starts_with("msort_with_tmp")) << outer(ids[0]).name;
  EXPECT_EQ(outer(ids[1]).name, "start_thread");
  EXPECT_NE(outer(ids[0]).file.find("msort.c"), std::string::npos) << outer(ids[0]).file;
  EXPECT_NE(outer(ids[1]).file.find("pthread_create.c"), std::string::npos) << outer(ids[1]).file;
  const auto& mapping = profile.mapping(profile.location(ids[0]).mapping_id);
  EXPECT_EQ(mapping.build_id, testing::readelf_build_id(libc.path));
  EXPECT_TRUE(mapping.has_inline_frames);
}

// Not a timing assertion: prints frames per second for a cold build (debug file opened and
// DWARF indexed on first use) and a warm one (answers cached per module), with and without
// debug files, over one address in each of the C library's functions.
TEST(SystemLibc, SymbolizationSpeed) {
  SystemLibc libc = find_system_libc();
  ASSERT_FALSE(libc.path.empty());
  auto symbols = testing::nm_function_symbols(libc.debug_file.empty() ? libc.path : libc.debug_file,
                                              /*dynamic=*/libc.debug_file.empty());
  ASSERT_FALSE(symbols.empty());
  const auto pid = static_cast<uint32_t>(getpid());
  constexpr size_t kFramesPerSample = 32;

  for (std::string debug_root : {std::string(kDebugRoot), std::string()}) {
    SymbolizerOptions options;
    options.debug_root = debug_root;
    options.kernel = false;
    Symbolizer symbolizer(options);
    StackSample sample = testing::user_sample(pid, {});
    for (const auto& symbol : symbols) {
      sample.user_ips.push_back(libc.base + symbol.address + symbol.size / 2);
      if (sample.user_ips.size() == kFramesPerSample) {
        symbolizer.add(sample);
        sample.user_ips.clear();
      }
    }
    for (const char* phase : {"cold", "warm"}) {
      auto start = std::chrono::steady_clock::now();
      auto profile = symbolizer.build(testing::build_options());
      std::chrono::duration<double> seconds = std::chrono::steady_clock::now() - start;
      const auto stats = symbolizer.stats();
      std::printf(
          "symbolization %s, %s: %lld frames (%zu locations, %lld unsymbolized) in "
          "%.3f s: %.0f frames/s\n",
          debug_root.empty() ? "symbols only" : "with debug files", phase,
          static_cast<long long>(stats.frames), profile.locations.size(),
          static_cast<long long>(stats.unsymbolized_frames), seconds.count(),
          static_cast<double>(stats.frames) / seconds.count());
      // Without the debug file only exported functions have names.
      if (!debug_root.empty() && !libc.debug_file.empty()) {
        EXPECT_LT(stats.unsymbolized_frames, stats.frames / 20);
      }
    }
  }
}

}  // namespace
}  // namespace ember::symbolizer

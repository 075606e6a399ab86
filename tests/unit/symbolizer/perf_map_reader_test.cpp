// Perf maps read as runtimes write them: appended between reads, with malformed lines, and with
// addresses whose code was replaced.
#include "perf_map_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "ember/symbolizer/perf_map_file.h"

namespace ember::symbolizer {
namespace {

std::string name_at(const PerfMapReader& map, uint64_t address, uint32_t epoch) {
  auto symbol = map.find(address, epoch);
  return symbol ? symbol->name : "(none)";
}

// A perf map file that a test appends to, removed at the end.
class PerfMapFile {
 public:
  PerfMapFile() {
    char pattern[] = "/tmp/ember-perf-map-XXXXXX";
    const int fd = mkstemp(pattern);
    if (fd >= 0) close(fd);
    path_ = pattern;
  }
  ~PerfMapFile() { std::remove(path_.c_str()); }
  void append(const std::string& text) const {
    std::ofstream(path_, std::ios::app | std::ios::binary) << text;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

TEST(PerfMapReader, ParsesLinesAndCountsTheMalformedOnes) {
  PerfMapReader map("/nonexistent");
  map.append(
      "7f0000001000 40 LazyCompile:~handler /app/server.js:10\n"
      "0x7f0000002000 0x10 Interpreter\r\n"
      "not a line\n"
      "7f0000004000 10\n"            // no name
      "7f0000005000 0 empty\n"       // no size
      "fffffffffffffff0 20 wraps\n"  // past the end of the address space
      "7f0000006000 zz bad size\n"
      "7f00000070000000000000000 10 big\n"  // more than 64 bits
      "\n");
  EXPECT_EQ(map.entries(), 2);
  EXPECT_EQ(map.skipped_lines(), 7);
  EXPECT_EQ(name_at(map, 0x7f0000001000, 0), "LazyCompile:~handler /app/server.js:10");
  EXPECT_EQ(name_at(map, 0x7f000000103f, 0), "LazyCompile:~handler /app/server.js:10");
  EXPECT_EQ(name_at(map, 0x7f0000001040, 0), "(none)");
  EXPECT_EQ(name_at(map, 0x7f0000000fff, 0), "(none)");
  EXPECT_EQ(name_at(map, 0x7f0000002008, 0), "Interpreter");
  EXPECT_EQ(name_at(map, 0x7f0000005000, 0), "(none)");
}

TEST(PerfMapReader, AReusedAddressNamesWhatWasThereAtTheSamplesEpoch) {
  PerfMapReader map("/nonexistent");
  map.append("1000 100 first\n");
  const uint32_t before = 0;
  map.append("1000 100 second\n");  // the same code range, new code
  const uint32_t after = 1;
  EXPECT_EQ(name_at(map, 0x1010, before), "first");
  EXPECT_EQ(name_at(map, 0x1010, after), "second");
  EXPECT_EQ(name_at(map, 0x1010, 7), "second");
}

TEST(PerfMapReader, OverlappingEntriesSplitTheRangeTheyShare) {
  PerfMapReader map("/nonexistent");
  map.append("1000 100 a\n");            // [0x1000, 0x1100)
  map.append("1080 180 b\n");            // [0x1080, 0x1200): over a's upper half
  map.append("1040 20 c\n2000 10 d\n");  // inside both... and elsewhere
  EXPECT_EQ(map.entries(), 4);
  // Epoch 0: only a was there; b and c came later.
  EXPECT_EQ(name_at(map, 0x1010, 0), "a");
  EXPECT_EQ(name_at(map, 0x1090, 0), "a");
  EXPECT_EQ(name_at(map, 0x1150, 0), "b");  // nothing earlier: the first entry there
  // Epoch 1: b over a's upper half.
  EXPECT_EQ(name_at(map, 0x1010, 1), "a");
  EXPECT_EQ(name_at(map, 0x1090, 1), "b");
  EXPECT_EQ(name_at(map, 0x1045, 1), "a");
  // Epoch 2: c inside a's lower half.
  EXPECT_EQ(name_at(map, 0x1045, 2), "c");
  EXPECT_EQ(name_at(map, 0x1060, 2), "a");
  EXPECT_EQ(name_at(map, 0x1100, 2), "b");
  EXPECT_EQ(name_at(map, 0x1200, 2), "(none)");
  EXPECT_EQ(name_at(map, 0x2008, 0), "d");  // new code alone opens no epoch
}

TEST(PerfMapReader, ReadsWhatWasAppendedBetweenReadsAndWaitsForALinesEnd) {
  PerfMapFile file;
  PerfMapReader map(file.path());
  file.append("1000 10 one\n2000 1");
  EXPECT_EQ(map.catch_up(true), 0u);
  EXPECT_EQ(map.entries(), 1);
  EXPECT_EQ(name_at(map, 0x2000, 0), "(none)");  // its line is not complete yet
  file.append("0 two\n1000 10 one again\n");
  EXPECT_EQ(map.catch_up(true), 1u);  // one's range holds new code
  EXPECT_EQ(map.entries(), 3);
  EXPECT_EQ(map.skipped_lines(), 0);
  EXPECT_EQ(name_at(map, 0x2008, 1), "two");
  EXPECT_EQ(name_at(map, 0x1000, 0), "one");
  EXPECT_EQ(name_at(map, 0x1000, 1), "one again");
}

TEST(PerfMapReader, AMissingFileIsOpenedWhenItAppears) {
  PerfMapFile file;
  const std::string path = file.path() + ".later";
  PerfMapReader map(path);
  EXPECT_EQ(map.catch_up(true), 0u);
  EXPECT_EQ(map.entries(), 0);
  std::ofstream(path) << "3000 10 late\n";
  map.catch_up(true);
  std::remove(path.c_str());
  EXPECT_EQ(name_at(map, 0x3000, 0), "late");
}

TEST(PerfMapFile, IsInTheProcesssOwnTmpNamedByItsPidInItsNamespace) {
  char pattern[] = "/tmp/ember-proc-XXXXXX";
  ASSERT_NE(mkdtemp(pattern), nullptr);
  const std::string proc = pattern;
  std::filesystem::create_directories(proc + "/123");
  std::filesystem::create_directories(proc + "/456");
  std::ofstream(proc + "/123/status") << "Name:\tnode\nTgid:\t123\nNStgid:\t123\t1\t7\n";
  std::ofstream(proc + "/456/status") << "Name:\tnode\nTgid:\t456\n";  // no namespaces
  EXPECT_EQ(perf_map_file(proc, 123), proc + "/123/root/tmp/perf-7.map");
  EXPECT_EQ(perf_map_file(proc, 456), proc + "/456/root/tmp/perf-456.map");
  EXPECT_EQ(perf_map_file(proc, 789), proc + "/789/root/tmp/perf-789.map");  // gone
  std::filesystem::remove_all(proc);
}

}  // namespace
}  // namespace ember::symbolizer

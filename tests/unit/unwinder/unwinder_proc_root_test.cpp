// The unwinder against a made-up /proc: many processes (the cache stays bounded), files found
// through PID/root when map_files is missing, and malformed binaries mapped as code.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "dwarf_unwinder.h"
#include "frames.h"
#include "test_support.h"

namespace ember::unwinder_testing {
namespace {

namespace fs = std::filesystem;
using daemon::DwarfUnwinder;
using daemon::UnwindStop;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A /proc with only PID/maps and PID/root (a link to "/"), so mapped files are opened by path.
class FakeProc {
 public:
  FakeProc() {
    root_ = fs::temp_directory_path() / ("ember-unwinder-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  ~FakeProc() { fs::remove_all(root_); }

  void add_process(uint32_t pid, const std::string& maps) {
    const fs::path dir = root_ / std::to_string(pid);
    fs::create_directories(dir);
    write_text(dir / "maps", maps);
    fs::create_directory_symlink("/", dir / "root");
  }

  std::string path() const { return root_.string(); }
  fs::path file(const std::string& name) const { return root_ / name; }

 private:
  fs::path root_;
};

TEST(UnwinderProcRoot, OpensFilesThroughTheProcessRootAndBoundsItsCache) {
  CapturedStack captured;
  frame_a(&captured);
  const std::string own_maps = read_text("/proc/self/maps");
  FakeProc proc;
  const uint32_t processes = DwarfUnwinder::kMaxCachedProcesses + 6;
  for (uint32_t pid = 1; pid <= processes; ++pid) proc.add_process(pid, own_maps);

  DwarfUnwinder unwinder(proc.path());
  for (uint32_t pid = 1; pid <= processes; ++pid) {
    auto result = unwinder.unwind(to_stack_copy(pid, captured));
    ASSERT_EQ(result.stop, UnwindStop::complete) << "pid " << pid << ": " << describe(result, {});
  }
  EXPECT_EQ(unwinder.stats().evictions, 6);
  // The most recent processes are still cached: no new maps read for them.
  const int64_t reads = unwinder.stats().maps_reads;
  (void)unwinder.unwind(to_stack_copy(processes, captured));
  EXPECT_EQ(unwinder.stats().maps_reads, reads);
}

TEST(UnwinderProcRoot, SurvivesMalformedBinariesMappedAsCode) {
  CapturedStack captured;
  frame_a(&captured);
  const std::string own_maps = read_text("/proc/self/maps");
  const std::string binary = read_text(UNWIND_FIXTURE);
  ASSERT_GT(binary.size(), 0x3000u);
  FakeProc proc;

  std::vector<std::string> contents = {"",
                                       "\x7f"
                                       "ELF",
                                       binary.substr(0, 64), binary.substr(0, 0x1800)};
  uint64_t state = 0x2545f4914f6cdd1dull;
  for (int variant = 0; variant < 40; ++variant) {
    std::string corrupted = binary;
    for (int flip = 0; flip < 8 + variant * 4; ++flip) {
      state ^= state << 13;
      state ^= state >> 7;
      state ^= state << 17;
      // Keep the ELF header, so the damage is found deeper in.
      corrupted[64 + state % (corrupted.size() - 64)] = static_cast<char>(state >> 56);
    }
    contents.push_back(corrupted);
  }

  DwarfUnwinder unwinder(proc.path());
  const uint64_t code = 0x7e0000001000;  // above the process's own mappings, below the stack
  for (size_t i = 0; i < contents.size(); ++i) {
    const fs::path file = proc.file("bad" + std::to_string(i) + ".so");
    write_text(file, contents[i]);
    const uint32_t pid = static_cast<uint32_t>(i + 1);
    // The file's text segment, as the dynamic loader would map it.
    proc.add_process(pid, own_maps + "7e0000001000-7e0000002000 r-xp 00001000 fe:01 4242 " +
                              file.string() + "\n");
    auto copy = to_stack_copy(pid, captured);
    copy.regs.dwarf[16] = code + 0x360;
    auto result = unwinder.unwind(copy);
    ASSERT_FALSE(result.ips.empty()) << "variant " << i;
    EXPECT_EQ(result.ips[0], code + 0x360) << "variant " << i;
    EXPECT_LE(result.ips.size(), 127u);
  }
}

}  // namespace
}  // namespace ember::unwinder_testing

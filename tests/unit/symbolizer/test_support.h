// Helpers for the symbolizer tests: run tools, start fixture processes, temporary folders.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "ember/symbolizer/symbolizer.h"

namespace ember::symbolizer::testing {

// Options for a CPU profile with one "samples/count" value per sample.
BuildOptions build_options();

// A sample of thread `pid` of process `pid`, named "fixture", with value 1.
StackSample user_sample(uint32_t pid, std::vector<uint64_t> user_ips);

// Runs a shell command and returns its standard output.
std::string run_command(const std::string& command);

// A defined, sized function symbol as `nm -S` reports it.
struct NmSymbol {
  uint64_t address = 0;
  uint64_t size = 0;
  std::string name;
};
// `dynamic`: the .dynsym table (nm -D), names without their "@VERSION" suffix.
std::vector<NmSymbol> nm_function_symbols(const std::string& path, bool dynamic = false);

// The build-id as `readelf -n` prints it (lower-case hex), or empty.
std::string readelf_build_id(const std::string& path);

// One frame as `addr2line -i -f` prints it: function, file and line ("??" and 0 if unknown).
struct Addr2lineFrame {
  std::string function;
  std::string file;
  int64_t line = 0;
};
// The inline chain of each address (ELF vaddrs of `path`), innermost first, as `addr2line -i`
// reports it.
std::map<uint64_t, std::vector<Addr2lineFrame>> addr2line_frames(
    const std::string& path, const std::vector<uint64_t>& addresses);

// The number of the first line of `path` containing `text`, or 0.
int64_t line_containing(const std::string& path, const std::string& text);

// A started fixture program. Waits for its "ready" line and keeps the "NAME 0xADDR" lines
// printed before it. Killed and reaped on destruction.
class FixtureProcess {
 public:
  explicit FixtureProcess(const std::vector<std::string>& argv);
  ~FixtureProcess();
  FixtureProcess(const FixtureProcess&) = delete;
  FixtureProcess& operator=(const FixtureProcess&) = delete;

  bool ready() const { return ready_; }
  pid_t pid() const { return pid_; }
  uint64_t address(const std::string& name) const;
  void kill_and_wait();

 private:
  pid_t pid_ = -1;
  bool ready_ = false;
  std::map<std::string, uint64_t> addresses_;
};

// A fresh directory under the system temp dir, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace ember::symbolizer::testing

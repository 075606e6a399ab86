// Cgroups for tests: where cgroup v2 is mounted, and a cgroup made for one test.
#pragma once

#include <sys/types.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace ember::test {

constexpr long kCgroup2Magic = 0x63677270;  // CGROUP2_SUPER_MAGIC

// Where the cgroup v2 hierarchy is mounted: /sys/fs/cgroup, or on hybrid systems
// /sys/fs/cgroup/unified. Empty when neither is.
inline std::string cgroup2_root() {
  for (const char* candidate : {"/sys/fs/cgroup", "/sys/fs/cgroup/unified"}) {
    struct statfs info {};
    if (statfs(candidate, &info) == 0 && info.f_type == kCgroup2Magic) return candidate;
  }
  return "";
}

// A cgroup made for one test, removed afterwards (its processes must have exited by then).
class TestCgroup {
 public:
  TestCgroup(const std::string& root, const std::string& name) : path_(root + "/" + name) {
    std::filesystem::create_directory(path_);
  }
  ~TestCgroup() { rmdir(path_.c_str()); }
  TestCgroup(const TestCgroup&) = delete;
  TestCgroup& operator=(const TestCgroup&) = delete;
  void move_in(pid_t pid) const { std::ofstream(path_ + "/cgroup.procs") << pid << "\n"; }

 private:
  std::string path_;
};

}  // namespace ember::test

// Running external programs (the Go toolchain) from tests, and scratch directories for them.
#pragma once

#include <filesystem>
#include <string>

namespace ember::profile::testing {

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs `command` through the shell.
CommandResult run_command(const std::string& command);

// The go executable found at configure time, or "" when there is none.
std::string go_executable();

// A shell command prefix that gives Go a writable cache even when HOME is unset.
std::string go_environment(const std::filesystem::path& scratch);

// A fresh directory, removed with everything in it when this goes out of scope.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void write_file(const std::filesystem::path& path, const std::string& bytes);

}  // namespace ember::profile::testing

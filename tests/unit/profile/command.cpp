#include "command.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace ember::profile::testing {

CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    result.output.append(buffer.data(), n);
  int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string go_executable() {
  return EMBER_GO;
}

std::string go_environment(const std::filesystem::path& scratch) {
  // Go refuses to run without a build cache; reuse the user's when there is one.
  const char* home = std::getenv("HOME");
  const char* cache = std::getenv("GOCACHE");
  if (cache != nullptr || (home != nullptr && *home != '\0')) return "";
  return "HOME='" + scratch.string() + "' GOCACHE='" + (scratch / "gocache").string() + "' ";
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "ember-profile-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

}  // namespace ember::profile::testing

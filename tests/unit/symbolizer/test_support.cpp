#include "test_support.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace ember::symbolizer::testing {

BuildOptions build_options() {
  BuildOptions options;
  options.sample_types = {{"samples", "count"}};
  options.period_type = {"cpu", "nanoseconds"};
  options.period = 10101010;
  return options;
}

StackSample user_sample(uint32_t pid, std::vector<uint64_t> user_ips) {
  StackSample sample;
  sample.pid = pid;
  sample.tid = pid;
  sample.thread_name = "fixture";
  sample.user_ips = std::move(user_ips);
  sample.values = {1};
  return sample;
}

std::string run_command(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) throw std::runtime_error("popen failed: " + command);
  std::string output;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  ::pclose(pipe);
  return output;
}

std::vector<NmSymbol> nm_function_symbols(const std::string& path, bool dynamic) {
  std::vector<NmSymbol> symbols;
  std::istringstream lines(
      run_command(std::string("nm --defined-only -S ") + (dynamic ? "-D '" : "'") + path + "'"));
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string address, size, type, name;
    // Symbols without a size have three fields; they cannot be checked for containment.
    if (!(fields >> address >> size >> type >> name) || type.size() != 1) continue;
    if (std::string("TtWwi").find(type[0]) == std::string::npos) continue;
    NmSymbol symbol{std::stoull(address, nullptr, 16), std::stoull(size, nullptr, 16),
                    name.substr(0, name.find('@'))};
    if (symbol.size > 0) symbols.push_back(symbol);
  }
  return symbols;
}

std::string readelf_build_id(const std::string& path) {
  std::istringstream lines(run_command("readelf -n '" + path + "'"));
  std::string line;
  const std::string marker = "Build ID: ";
  while (std::getline(lines, line)) {
    size_t at = line.find(marker);
    if (at != std::string::npos) return line.substr(at + marker.size());
  }
  return {};
}

std::map<uint64_t, std::vector<Addr2lineFrame>> addr2line_frames(
    const std::string& path, const std::vector<uint64_t>& addresses) {
  std::ostringstream command;
  command << "addr2line -i -f -a -e '" << path << "'" << std::hex;
  for (uint64_t address : addresses) command << " 0x" << address;
  std::istringstream lines(run_command(command.str()));
  std::map<uint64_t, std::vector<Addr2lineFrame>> frames;
  std::vector<Addr2lineFrame>* current = nullptr;
  std::string line;
  while (std::getline(lines, line)) {
    if (line.starts_with("0x")) {
      current = &frames[std::stoull(line, nullptr, 16)];
      continue;
    }
    std::string location;
    if (!current || !std::getline(lines, location)) break;
    // "FILE:LINE", maybe followed by " (discriminator N)".
    location = location.substr(0, location.find(" ("));
    size_t colon = location.rfind(':');
    Addr2lineFrame frame{line, location.substr(0, colon), 0};
    if (colon != std::string::npos && std::isdigit(static_cast<unsigned char>(location[colon + 1])))
      frame.line = std::stoll(location.substr(colon + 1));
    current->push_back(frame);
  }
  return frames;
}

int64_t line_containing(const std::string& path, const std::string& text) {
  std::ifstream in(path);
  std::string line;
  for (int64_t number = 1; std::getline(in, line); ++number)
    if (line.find(text) != std::string::npos) return number;
  return 0;
}

FixtureProcess::FixtureProcess(const std::vector<std::string>& argv) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  if (::posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ) != 0) pid_ = -1;
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);

  FILE* output = ::fdopen(pipe_fds[0], "r");
  char line[256];
  while (pid_ > 0 && output && std::fgets(line, sizeof line, output)) {
    std::istringstream fields(line);
    std::string name, address;
    fields >> name >> address;
    if (name == "ready") {
      ready_ = true;
      break;
    }
    if (!address.empty()) addresses_[name] = std::stoull(address, nullptr, 16);
  }
  // The fixture writes nothing after "ready"; closing our end cannot block it.
  if (output) std::fclose(output);
}

FixtureProcess::~FixtureProcess() {
  kill_and_wait();
}

uint64_t FixtureProcess::address(const std::string& name) const {
  auto it = addresses_.find(name);
  return it == addresses_.end() ? 0 : it->second;
}

void FixtureProcess::kill_and_wait() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "ember-symbolizer-XXXXXX");
  if (::mkdtemp(pattern.data())) path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
}

}  // namespace ember::symbolizer::testing

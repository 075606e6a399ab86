#include "test_support.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>

#include "ember/symbolizer/symbolizer.h"

extern char** environ;

namespace ember::unwinder_testing {

daemon::UserStackCopy to_stack_copy(uint32_t pid, const CapturedStack& captured) {
  daemon::UserStackCopy copy;
  copy.pid = pid;
  std::copy(std::begin(captured.regs), std::end(captured.regs), copy.regs.dwarf.begin());
  copy.stack = captured.stack;
  return copy;
}

std::vector<std::string> symbol_names(uint32_t pid, const std::vector<uint64_t>& ips) {
  symbolizer::Symbolizer symbolizer({.proc_root = "/proc", .kernel = false});
  symbolizer::StackSample sample;
  sample.pid = sample.tid = pid;
  sample.user_ips = ips;
  sample.values = {1};
  symbolizer.add(sample);
  symbolizer::BuildOptions options;
  options.sample_types = {{"samples", "count"}};
  options.period_type = {"samples", "count"};
  options.period = 1;
  profile::Profile profile = symbolizer.build(options);
  std::vector<std::string> names;
  if (profile.samples.size() != 1) return names;
  for (uint64_t id : profile.samples[0].location_ids) {
    const auto& lines = profile.location(id).lines;
    // The last line is the function the address is in (earlier ones were inlined into it).
    names.push_back(lines.empty() ? "?" : profile.function(lines.back().function_id).name);
  }
  return names;
}

size_t position_of(const std::vector<std::string>& names, const std::string& name, size_t from) {
  if (from >= names.size()) return names.size();
  return static_cast<size_t>(
      std::find(names.begin() + static_cast<ptrdiff_t>(from), names.end(), name) - names.begin());
}

std::string describe(const daemon::UnwindResult& result, const std::vector<std::string>& names) {
  std::string text = "stop " + std::string(daemon::to_string(result.stop)) + ", " +
                     std::to_string(result.ips.size()) + " frames:\n";
  for (size_t i = 0; i < result.ips.size(); ++i) {
    char ip[32];
    std::snprintf(ip, sizeof ip, "%#" PRIx64, result.ips[i]);
    text += "  " + std::string(ip) + " " + (i < names.size() ? names[i] : "") + "\n";
  }
  return text;
}

FixtureProcess::FixtureProcess(const std::string& path) {
  int pipe_fds[2];
  if (::pipe(pipe_fds) != 0) return;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  char* argv[] = {const_cast<char*>(path.c_str()), nullptr};
  if (posix_spawn(&pid_, path.c_str(), &actions, nullptr, argv, environ) != 0) pid_ = -1;
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  std::FILE* output = ::fdopen(pipe_fds[0], "r");
  if (output == nullptr) {
    ::close(pipe_fds[0]);
    return;
  }
  if (pid_ > 0) capture_ = read_captured(output);
  std::fclose(output);
}

FixtureProcess::~FixtureProcess() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
}

}  // namespace ember::unwinder_testing

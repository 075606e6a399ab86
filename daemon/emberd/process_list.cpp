#include "process_list.h"

#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

namespace ember::emberd {

namespace {

// /proc files are read with a bound: a command line can be megabytes long.
constexpr size_t kMaxFileBytes = 8192;

std::string read_bounded(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::string text(kMaxFileBytes, '\0');
  file.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(file.gcount()));
  return text;
}

std::string command_line(uint32_t pid) {
  std::string text = read_bounded("/proc/" + std::to_string(pid) + "/cmdline");
  while (!text.empty() && text.back() == '\0') text.pop_back();
  for (char& c : text)
    if (c == '\0') c = ' ';
  return text;
}

std::optional<uint32_t> real_uid(uint32_t pid) {
  std::istringstream status(read_bounded("/proc/" + std::to_string(pid) + "/status"));
  for (std::string line; std::getline(status, line);) {
    if (!line.starts_with("Uid:")) continue;
    uint32_t uid = 0;
    std::istringstream(line.substr(4)) >> uid;
    return uid;
  }
  return std::nullopt;
}

std::string user_name(uint32_t uid, std::map<uint32_t, std::string>& cache) {
  if (auto found = cache.find(uid); found != cache.end()) return found->second;
  passwd entry{}, *result = nullptr;
  std::vector<char> buffer(4096);
  std::string name = std::to_string(uid);
  if (getpwuid_r(uid, &entry, buffer.data(), buffer.size(), &result) == 0 && result)
    name = entry.pw_name;
  return cache[uid] = name;
}

std::optional<uint32_t> parse_pid(const std::string& name) {
  uint32_t pid = 0;
  auto [end, error] = std::from_chars(name.data(), name.data() + name.size(), pid);
  if (name.empty() || error != std::errc() || end != name.data() + name.size()) return std::nullopt;
  return pid;
}

}  // namespace

std::vector<ProcessInfo> list_processes() {
  std::vector<ProcessInfo> processes;
  std::map<uint32_t, std::string> users;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", error)) {
    auto pid = parse_pid(entry.path().filename().string());
    if (!pid) continue;
    ProcessInfo info;
    info.pid = *pid;
    info.command_line = command_line(*pid);
    if (info.command_line.empty()) continue;  // a kernel thread, or gone
    info.name = read_bounded("/proc/" + std::to_string(*pid) + "/comm");
    if (!info.name.empty() && info.name.back() == '\n') info.name.pop_back();
    auto uid = real_uid(*pid);
    if (!uid) continue;
    info.user = user_name(*uid, users);
    processes.push_back(std::move(info));
  }
  std::sort(processes.begin(), processes.end(),
            [](const ProcessInfo& a, const ProcessInfo& b) { return a.pid < b.pid; });
  return processes;
}

int64_t resident_memory_bytes() {
  std::istringstream statm(read_bounded("/proc/self/statm"));
  int64_t size_pages = 0, resident_pages = 0;
  if (!(statm >> size_pages >> resident_pages)) return 0;
  return resident_pages * sysconf(_SC_PAGESIZE);
}

}  // namespace ember::emberd

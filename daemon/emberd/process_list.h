// The processes running on this host, read from /proc, for the target picker.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ember::emberd {

struct ProcessInfo {
  uint32_t pid = 0;
  std::string name;          // comm
  std::string command_line;  // arguments joined by spaces
  std::string user;          // the real user's name, or the uid when it has none
};

// User-space processes only: kernel threads (no command line) are left out, and so are
// processes that exit while being read.
std::vector<ProcessInfo> list_processes();

// This process's resident set size in bytes, 0 when unknown.
int64_t resident_memory_bytes();

}  // namespace ember::emberd

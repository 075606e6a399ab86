#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "ember/profile/profile.h"

namespace ember::daemon {

// The command names of the target processes, for the string label "process": with several
// processes (a cgroup, the host, a command and its children) a profile can then be cut
// (pprof -tagfocus=process=...) or grouped by process, whatever their threads are called.
// Read from /proc/PID/comm when a process is first seen, again after it execs, forgotten when
// it exits (its PID may name another process next). Samples are labelled as they are collected,
// with the name the process had then. Bounded: past kMaxProcesses living processes new ones go
// unlabelled. Safe to use from several threads.
class ProcessNames {
 public:
  static constexpr size_t kMaxProcesses = 65536;

  // The process's name, learnt on first sight (cheap afterwards); empty when unknown.
  std::string name(uint32_t pid);
  // The process ran exec: its name is read again.
  void exec(uint32_t pid);
  // The process exited.
  void exited(uint32_t pid);
  // Puts "process" on every sample that has none and whose numeric label "pid" names a known
  // process: for samples made after collection (summaries of short waits).
  void label(profile::Profile& profile) const;

 private:
  void learn(uint32_t pid);

  mutable std::mutex mutex_;
  std::unordered_map<uint32_t, std::string> names_;  // empty: gone before it could be read
};

}  // namespace ember::daemon

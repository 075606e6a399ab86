#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ember/result.h"
#include "ember/unique_fd.h"

namespace ember::daemon {

// A cgroup (v2) whose processes are the targets, with those of every cgroup below it: its
// directory, held open for the kernel side, which finds the processes as they run.
class TargetCgroup {
 public:
  // `path`: the cgroup's directory (/sys/fs/cgroup/system.slice/nginx.service), or the cgroup
  // as /proc/PID/cgroup names it (/system.slice/nginx.service), relative to where the cgroup v2
  // hierarchy is mounted. Fails with one clear line when it is no cgroup v2 directory.
  static Result<TargetCgroup> open(const std::string& path);

  const std::string& directory() const { return directory_; }
  int fd() const { return fd_.get(); }
  // The processes in it and below it now.
  std::vector<uint32_t> processes() const;

 private:
  std::string directory_;
  UniqueFd fd_;
};

// Where the cgroup v2 hierarchy is mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified on
// hybrid systems), from a mountinfo text; empty when it is not mounted.
std::string cgroup2_mount_point(const std::string& mountinfo);

}  // namespace ember::daemon

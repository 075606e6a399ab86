#include "target_cgroup.h"

#include <fcntl.h>
#include <linux/magic.h>
#include <sys/vfs.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ember::daemon {

namespace {

bool is_cgroup2_directory(const std::string& path) {
  struct statfs info {};
  return std::filesystem::is_directory(path) && statfs(path.c_str(), &info) == 0 &&
         info.f_type == CGROUP2_SUPER_MAGIC;
}

std::string read_file(const std::string& path) {
  std::ifstream file(path);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

void add_processes(const std::string& cgroup_procs, std::vector<uint32_t>& pids) {
  std::istringstream lines(read_file(cgroup_procs));
  for (uint32_t pid; lines >> pid;) pids.push_back(pid);
}

}  // namespace

std::string cgroup2_mount_point(const std::string& mountinfo) {
  // Fields: id parent major:minor root mount-point options [optional...] - type source options
  std::istringstream lines(mountinfo);
  for (std::string line; std::getline(lines, line);) {
    const auto separator = line.find(" - ");
    if (separator == std::string::npos) continue;
    std::istringstream after(line.substr(separator + 3));
    std::string type;
    after >> type;
    if (type != "cgroup2") continue;
    std::istringstream before(line.substr(0, separator));
    std::string id, parent, device, root, mount_point;
    if (before >> id >> parent >> device >> root >> mount_point) return mount_point;
  }
  return "";
}

Result<TargetCgroup> TargetCgroup::open(const std::string& path) {
  const std::string mount = cgroup2_mount_point(read_file("/proc/self/mountinfo"));
  if (mount.empty())
    return make_error(
        "--cgroup needs the cgroup v2 hierarchy, and none is mounted (mount -t cgroup2 none "
        "/sys/fs/cgroup)");
  std::string directory;
  if (is_cgroup2_directory(path))
    directory = path;
  else if (!path.empty() && is_cgroup2_directory(mount + "/" + path))
    directory = mount + "/" + path;
  else if (std::filesystem::is_directory(path))
    return make_error("'" + path + "' is not a cgroup v2 directory: give one under " + mount +
                      " (cgroup v1 hierarchies are not followed)");
  else
    return make_error("no cgroup '" + path + "': give a directory under " + mount +
                      ", or the cgroup as /proc/PID/cgroup shows it (e.g. "
                      "/system.slice/nginx.service)");
  TargetCgroup cgroup;
  cgroup.directory_ = std::filesystem::path(directory).lexically_normal().string();
  cgroup.fd_.reset(::open(cgroup.directory_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!cgroup.fd_.valid())
    return make_error("cannot open the cgroup '" + cgroup.directory_ +
                      "': " + std::strerror(errno));
  return cgroup;
}

std::vector<uint32_t> TargetCgroup::processes() const {
  std::vector<uint32_t> pids;
  add_processes(directory_ + "/cgroup.procs", pids);
  std::error_code error;
  for (auto it = std::filesystem::recursive_directory_iterator(directory_, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error))
    if (it->is_directory()) add_processes(it->path().string() + "/cgroup.procs", pids);
  return pids;
}

}  // namespace ember::daemon

#include "ember/daemon/node_perf_map_hint.h"

#include <unistd.h>

#include <filesystem>

#include "ember/symbolizer/perf_map_file.h"

namespace ember::daemon {

std::optional<std::string> node_perf_map_hint(const std::string& proc_root, uint32_t pid) {
  const std::string process = proc_root + "/" + std::to_string(pid);
  std::error_code error;
  const std::string program =
      std::filesystem::read_symlink(process + "/exe", error).filename().string();
  if (error || (program != "node" && program != "nodejs")) return std::nullopt;
  if (access(symbolizer::perf_map_file(proc_root, pid).c_str(), F_OK) == 0) return std::nullopt;
  return "process " + std::to_string(pid) +
         " is node without V8's perf map, so its JavaScript functions show as [anon] addresses: "
         "start it with NODE_OPTIONS=--perf-basic-prof (or launch it with `ember record -- node "
         "...`, which sets that)";
}

}  // namespace ember::daemon

#include "node_perf_map_options.h"

#include <sstream>

namespace ember::daemon {
namespace {

bool has_flag(const std::string& options, const std::string& flag) {
  std::istringstream words(options);
  for (std::string word; words >> word;)
    if (word == flag) return true;
  return false;
}

void add_flag(std::string& options, const std::string& flag) {
  if (!options.empty()) options += ' ';
  options += flag;
}

}  // namespace

std::string node_options_with_perf_map(const char* user_value) {
  std::string options = user_value ? user_value : "";
  // A perf map flag the user chose stands: --perf-basic-prof names stubs too.
  if (!has_flag(options, "--perf-basic-prof") &&
      !has_flag(options, "--perf-basic-prof-only-functions"))
    add_flag(options, "--perf-basic-prof-only-functions");
  if (!has_flag(options, "--interpreted-frames-native-stack"))
    add_flag(options, "--interpreted-frames-native-stack");
  return "NODE_OPTIONS=" + options;
}

}  // namespace ember::daemon

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

}  // namespace

std::string node_options_with_perf_map(const char* user_value) {
  std::string options = user_value ? user_value : "";
  for (const char* flag : {"--perf-basic-prof", "--interpreted-frames-native-stack"}) {
    if (has_flag(options, flag)) continue;
    if (!options.empty()) options += ' ';
    options += flag;
  }
  return "NODE_OPTIONS=" + options;
}

}  // namespace ember::daemon

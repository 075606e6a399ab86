#include "perf_tool.h"

#include <algorithm>
#include <sstream>

#include "command.h"

namespace ember::test {

namespace {

// "  55d0c2a1 name+0x1a (inlined)" -> "name"
std::string frame_name(const std::string& line) {
  std::istringstream fields(line);
  std::string address, name;
  fields >> address;
  std::getline(fields >> std::ws, name);
  for (const char* suffix : {" (inlined)"})
    if (name.size() > std::string(suffix).size() && name.ends_with(suffix))
      name.resize(name.size() - std::string(suffix).size());
  if (auto plus = name.rfind("+0x"); plus != std::string::npos) name.resize(plus);
  return name;
}

}  // namespace

bool perf_available() {
  return run({"perf", "--version"}).exit_code == 0;
}

bool perf_record(const std::vector<std::string>& perf_args, const std::vector<std::string>& command,
                 const std::string& data_file, std::string* output) {
  std::vector<std::string> argv = {"perf", "record", "-e", "cpu-clock", "-o", data_file};
  argv.insert(argv.end(), perf_args.begin(), perf_args.end());
  argv.push_back("--");
  argv.insert(argv.end(), command.begin(), command.end());
  CommandResult result = run(argv);
  if (output) *output = result.out + result.err;
  return result.exit_code == 0;
}

std::vector<FoldedStack> perf_stacks(const std::string& data_file) {
  CommandResult result = run({"perf", "script", "-i", data_file, "-F", "ip,sym"});
  std::vector<FoldedStack> stacks;
  FoldedStack current;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.find_first_not_of(" \t") == std::string::npos) {
      if (!current.frames.empty()) {
        std::reverse(current.frames.begin(), current.frames.end());
        current.value = 1;
        stacks.push_back(std::move(current));
        current = {};
      }
      continue;
    }
    current.frames.push_back(frame_name(line));
  }
  return stacks;
}

double root_reaching_percent(const std::vector<FoldedStack>& stacks) {
  static const char* const roots[] = {"_start", "clone",    "__clone",
                                      "clone3", "__clone3", "start_thread"};
  if (stacks.empty()) return 0;
  size_t reaching = 0;
  for (const auto& stack : stacks)
    if (std::find(std::begin(roots), std::end(roots), stack.frames.front()) != std::end(roots))
      ++reaching;
  return 100.0 * reaching / stacks.size();
}

}  // namespace ember::test

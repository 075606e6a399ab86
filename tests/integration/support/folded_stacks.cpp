#include "folded_stacks.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace ember::test {

std::string base_name(const std::string& function) {
  std::string name = function;
  const std::string inline_suffix = " (inline)";
  if (name.ends_with(inline_suffix)) name.resize(name.size() - inline_suffix.size());
  auto paren = name.find('(');
  // Go's method names have parentheses after a dot, around the receiver: "pkg.(*T).M".
  if (paren != std::string::npos && paren > 0 && name[paren - 1] != '.' &&
      name.compare(0, 8, "operator") != 0)
    name.resize(paren);
  return name;
}

std::vector<FoldedStack> read_folded(const std::string& path) {
  std::vector<FoldedStack> stacks;
  std::ifstream file(path);
  for (std::string line; std::getline(file, line);) {
    auto space = line.rfind(' ');
    if (space == std::string::npos) continue;
    FoldedStack stack;
    stack.value = std::stoll(line.substr(space + 1));
    std::istringstream frames(line.substr(0, space));
    for (std::string frame; std::getline(frames, frame, ';');)
      stack.frames.push_back(base_name(frame));
    stacks.push_back(std::move(stack));
  }
  return stacks;
}

double leaf_percent(const std::vector<FoldedStack>& stacks, const std::string& function) {
  int64_t total = 0, matching = 0;
  for (const auto& stack : stacks) {
    total += stack.value;
    if (!stack.frames.empty() && stack.frames.back() == function) matching += stack.value;
  }
  return total ? 100.0 * matching / total : 0;
}

double stack_percent(const std::vector<FoldedStack>& stacks, const std::string& function) {
  int64_t total = 0, matching = 0;
  for (const auto& stack : stacks) {
    total += stack.value;
    if (std::find(stack.frames.begin(), stack.frames.end(), function) != stack.frames.end())
      matching += stack.value;
  }
  return total ? 100.0 * matching / total : 0;
}

bool has_call_path(const std::vector<FoldedStack>& stacks, const std::string& caller,
                   const std::string& callee) {
  return std::any_of(stacks.begin(), stacks.end(), [&](const FoldedStack& stack) {
    auto above = std::find(stack.frames.begin(), stack.frames.end(), caller);
    return above != stack.frames.end() &&
           std::find(above, stack.frames.end(), callee) != stack.frames.end();
  });
}

}  // namespace ember::test

// Reading folded stacks ("root;...;leaf count" lines) in tests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ember::test {

struct FoldedStack {
  std::vector<std::string> frames;  // root first
  int64_t value = 0;
};

std::vector<FoldedStack> read_folded(const std::string& path);

// Share (0..100) of the total value whose leaf frame is `function`.
double leaf_percent(const std::vector<FoldedStack>& stacks, const std::string& function);

// True when some stack has `caller` somewhere above `callee` (not necessarily adjacent).
bool has_call_path(const std::vector<FoldedStack>& stacks, const std::string& caller,
                   const std::string& callee);

}  // namespace ember::test

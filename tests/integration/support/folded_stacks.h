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

// The frames are function names without C++ parameter lists ("run_qsort()" -> "run_qsort"),
// so tests name functions the same way for C and C++ targets.
std::vector<FoldedStack> read_folded(const std::string& path);

// "compare(int, int)" -> "compare"; "spin (inline)" -> "spin"; other names (Go's
// "net/http.(*conn).serve") unchanged.
std::string base_name(const std::string& function);

// Share (0..100) of the total value whose leaf frame is `function`.
double leaf_percent(const std::vector<FoldedStack>& stacks, const std::string& function);

// Share (0..100) of the total value whose stack contains `function` anywhere.
double stack_percent(const std::vector<FoldedStack>& stacks, const std::string& function);

// True when some stack has `caller` somewhere above `callee` (not necessarily adjacent).
bool has_call_path(const std::vector<FoldedStack>& stacks, const std::string& caller,
                   const std::string& callee);

}  // namespace ember::test

// The check every Python share test makes: cpu_split.py's functions, as a pprof file shows them,
// against the thread time the target measured itself.
#pragma once

#include <string>

namespace ember::test {

// tests/targets/python/NAME.
std::string python_target(const std::string& name);

// Reads the target's TRUTH_FILE and checks, through `go tool pprof`, that each function's share
// of `pprof` (cumulative, among the four) is within 3 points of its share of the measured time;
// the bound must be at least 3 sigma of the binomial error for the file's sample count.
void expect_python_shares(const std::string& pprof, const std::string& truth_file);

// Checks that spin's samples carry the script's file and, nearly all, the two lines of its loop.
void expect_spin_lines(const std::string& pprof, const std::string& script);

}  // namespace ember::test

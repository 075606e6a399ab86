// The location-table reader against CPython's own answers (co_lines() and f_lineno under an
// opcode tracer), for the functions of tests/targets/python/line_table_truth.py, run by Debian's
// interpreter.
#include "runtime/python/python_line_table.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <sstream>
#include <string>

namespace ember::daemon {
namespace {

constexpr char kPython[] = "/usr/bin/python3";

std::string hex_to_bytes(const std::string& hex) {
  std::string bytes;
  if (hex == "-") return bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    bytes.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return bytes;
}

std::string run_truth_script() {
  const std::string command =
      std::string(kPython) + " " + EMBER_SOURCE_DIR "/tests/targets/python/line_table_truth.py";
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof(buffer), pipe)) > 0;) out.append(buffer, n);
  pclose(pipe);
  return out;
}

TEST(PythonLineTable, AgreesWithCPythonForEveryInstructionAndEveryTracedLine) {
  if (access(kPython, X_OK) != 0) GTEST_SKIP() << kPython << " is not installed";
  std::istringstream truth(run_truth_script());
  std::string kind, table;
  int64_t first_line = 0;
  int codes = 0, lines = 0, traced = 0;
  for (std::string record; truth >> record;) {
    if (record == "code") {
      std::string hex;
      truth >> first_line >> hex;
      table = hex_to_bytes(hex);
      ++codes;
      continue;
    }
    uint32_t instruction = 0;
    int64_t line = 0;
    truth >> instruction >> line;
    EXPECT_EQ(python_line_of(table, first_line, instruction), line)
        << record << " instruction " << instruction << " of the code at line " << first_line;
    ++(record == "line" ? lines : traced);
  }
  EXPECT_GE(codes, 6);
  EXPECT_GT(lines, 100);
  EXPECT_GT(traced, 100);
}

TEST(PythonLineTable, MalformedOrEmptyTablesGiveNoLineInsteadOfReadingBeyond) {
  EXPECT_EQ(python_line_of("", 10, 0), 0);
  EXPECT_EQ(python_line_of(std::string("\x7f\x7f\x7f", 3), 10, 5), 0);  // no entry start
  // A long-form entry cut short: the walk stops.
  EXPECT_EQ(python_line_of(std::string("\xf0\x42", 2), 10, 0), 0);
  // A one-line entry (code 11: line + 1) covering 2 units, then one without location.
  const std::string table("\xd9\x01\x02\xf8", 4);
  EXPECT_EQ(python_line_of(table, 10, 0), 11);
  EXPECT_EQ(python_line_of(table, 10, 1), 11);
  EXPECT_EQ(python_line_of(table, 10, 2), 11);  // no location: the running line
  EXPECT_EQ(python_line_of(table, 10, 50), 11);
}

}  // namespace
}  // namespace ember::daemon

// The location-table reader against CPython's own answers (co_lines() and f_lineno under an
// opcode tracer), for the functions of tests/targets/python/line_table_truth.py, run by Debian's
// interpreter (3.11) and by 3.12 and 3.13 where this machine has them (pyenv).
#include "runtime/python/python_line_table.h"

#include <glob.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
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

// The interpreter of CPython `minor` ("3.12"): Debian's for 3.11, else a pyenv build, else "".
std::string python_of(const std::string& minor) {
  if (minor == "3.11") return access(kPython, X_OK) == 0 ? kPython : "";
  const char* home = std::getenv("HOME");
  const char* root = std::getenv("PYENV_ROOT");
  const std::string pattern =
      (root ? std::string(root) : std::string(home ? home : "") + "/.pyenv") + "/versions/" +
      minor + ".*/bin/python" + minor;
  glob_t found{};
  std::string python;
  if (glob(pattern.c_str(), 0, nullptr, &found) == 0 && found.gl_pathc > 0)
    python = found.gl_pathv[0];
  globfree(&found);
  return python;
}

std::string run_truth_script(const std::string& python) {
  const std::string command =
      python + " " + EMBER_SOURCE_DIR "/tests/targets/python/line_table_truth.py";
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return out;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof(buffer), pipe)) > 0;) out.append(buffer, n);
  pclose(pipe);
  return out;
}

class PythonLineTableOf : public ::testing::TestWithParam<const char*> {};

TEST_P(PythonLineTableOf, AgreesWithCPythonForEveryInstructionAndEveryTracedLine) {
  const std::string python = python_of(GetParam());
  if (python.empty())
    GTEST_SKIP() << "no CPython " << GetParam() << " here (a fresh Debian has only 3.11)";
  std::istringstream truth(run_truth_script(python));
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

INSTANTIATE_TEST_SUITE_P(Versions, PythonLineTableOf, ::testing::Values("3.11", "3.12", "3.13"),
                         [](const auto& info) {
                           std::string name = std::string("Python") + info.param;
                           name.erase(name.find('.'), 1);
                           return name;
                         });

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

#include "source_lines.h"

#include <fstream>

namespace ember::test {

int line_of(const std::string& file, const std::string& text) {
  std::ifstream lines(file);
  int number = 0;
  for (std::string line; std::getline(lines, line);)
    if (++number && line.find(text) != std::string::npos) return number;
  return 0;
}

}  // namespace ember::test

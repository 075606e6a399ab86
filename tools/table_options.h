#pragma once

#include <cstddef>
#include <ostream>
#include <string>

namespace ember::tools {

// How the printed tables look: rows per table, and whether names are shown whole
// (--full-names) or shortened, lines cut to `width` columns.
struct TableOptions {
  size_t rows = 20;
  bool full_names = false;
  size_t width = 160;
};

// Prints `text` and a newline, cut to the width unless full names were asked for.
void print_line(std::ostream& out, const TableOptions& options, const std::string& text);

}  // namespace ember::tools

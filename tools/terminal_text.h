#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ember::tools {

// Untrusted text (a symbol name) safe to print on a terminal: control characters, which could
// move the cursor or change colours, become \xNN.
std::string terminal_text(std::string_view text);

// The columns standard output has: the terminal's width, or 160 when it is not a terminal (a
// file, a pipe), so saved output stays readable too.
size_t output_width();

// `line` cut to `columns` characters (UTF-8 sequences counted as one and never split), its
// end replaced by an ellipsis when it was longer.
std::string cut_to_width(std::string_view line, size_t columns);

}  // namespace ember::tools

#pragma once

#include <string>
#include <string_view>

namespace ember::tools {

// Untrusted text (a symbol name) safe to print on a terminal: control characters, which could
// move the cursor or change colours, become \xNN.
std::string terminal_text(std::string_view text);

}  // namespace ember::tools

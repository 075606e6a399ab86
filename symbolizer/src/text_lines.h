// Line splitting for the line-oriented text files we read (maps, kallsyms, perf maps).
#pragma once

#include <string_view>

namespace ember::symbolizer {

// Calls `on_line` with each line of `text`, without its '\n'; a last line without one counts.
template <class OnLine>
void for_each_line(std::string_view text, OnLine&& on_line) {
  while (!text.empty()) {
    size_t newline = text.find('\n');
    on_line(text.substr(0, newline));
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
  }
}

}  // namespace ember::symbolizer

#include "terminal_text.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>

namespace ember::tools {

namespace {

constexpr size_t kWidthWhenNotATerminal = 160;
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026, one column

bool starts_character(char c) {
  return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
}

}  // namespace

std::string terminal_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x", c);
      out += escaped;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

size_t output_width() {
  winsize size{};
  if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  return kWidthWhenNotATerminal;
}

std::string cut_to_width(std::string_view line, size_t columns) {
  size_t characters = 0;
  for (char c : line) characters += starts_character(c);
  if (characters <= columns) return std::string(line);
  if (columns == 0) return {};
  std::string out;
  size_t kept = 0;
  for (char c : line) {
    if (starts_character(c) && ++kept == columns) break;
    out += c;
  }
  return out + std::string(kEllipsis);
}

}  // namespace ember::tools

#include "kernel_symbols.h"

#include <charconv>

#include "file_contents.h"

namespace ember::symbolizer {
namespace {

// kallsyms is a few MiB with modules loaded; far more means it is not kallsyms.
constexpr size_t kMaxKallsymsBytes = 256 * 1024 * 1024;

bool is_text_type(char type) {
  return type == 't' || type == 'T' || type == 'w' || type == 'W';
}

// "ADDRESS TYPE NAME[\t[MODULE]]"
bool parse_line(std::string_view line, Symbol& symbol) {
  auto [end, error] = std::from_chars(line.data(), line.data() + line.size(), symbol.address, 16);
  if (error != std::errc() || symbol.address == 0) return false;
  line.remove_prefix(static_cast<size_t>(end - line.data()));
  if (line.size() < 4 || line[0] != ' ' || !is_text_type(line[1]) || line[2] != ' ') return false;
  line.remove_prefix(3);
  symbol.name = std::string(line.substr(0, line.find_first_of(" \t")));
  return !symbol.name.empty();
}

}  // namespace

KernelSymbols KernelSymbols::parse(std::string_view text) {
  KernelSymbols table;
  table.symbols_ = parse_symbol_lines(text, parse_line);
  return table;
}

Result<KernelSymbols> KernelSymbols::load(const std::string& path) {
  auto text = read_whole_file(path, kMaxKallsymsBytes);
  if (!text) return text.error();
  return parse(*text);
}

}  // namespace ember::symbolizer

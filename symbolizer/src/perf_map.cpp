#include "perf_map.h"

#include <charconv>

namespace ember::symbolizer {
namespace {

bool take_hex(std::string_view& text, uint64_t& value) {
  if (text.starts_with("0x") || text.starts_with("0X")) text.remove_prefix(2);
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, 16);
  if (error != std::errc() || end == text.data()) return false;
  text.remove_prefix(static_cast<size_t>(end - text.data()));
  return true;
}

bool parse_line(std::string_view line, Symbol& symbol) {
  if (!take_hex(line, symbol.address) || !line.starts_with(' ')) return false;
  line.remove_prefix(1);
  if (!take_hex(line, symbol.size) || !line.starts_with(' ')) return false;
  line.remove_prefix(1);
  if (line.ends_with('\r')) line.remove_suffix(1);
  symbol.name = std::string(line);
  return !symbol.name.empty();
}

}  // namespace

std::string perf_map_path(uint32_t pid) {
  return "/tmp/perf-" + std::to_string(pid) + ".map";
}

PerfMap PerfMap::parse(std::string_view text) {
  PerfMap map;
  // In file order within an address: keep the last, the newest code there.
  std::vector<Symbol> symbols = parse_symbol_lines(text, parse_line);
  std::vector<Symbol> newest;
  newest.reserve(symbols.size());
  for (auto& symbol : symbols) {
    if (!newest.empty() && newest.back().address == symbol.address)
      newest.back() = std::move(symbol);
    else
      newest.push_back(std::move(symbol));
  }
  map.symbols_ = std::move(newest);
  return map;
}

}  // namespace ember::symbolizer

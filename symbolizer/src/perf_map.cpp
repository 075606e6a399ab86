#include "perf_map.h"

#include <algorithm>
#include <charconv>

#include "text_lines.h"

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

PerfMap PerfMap::parse(std::string_view text) {
  PerfMap map;
  for_each_line(text, [&](std::string_view line) {
    Symbol symbol;
    if (parse_line(line, symbol)) map.symbols_.push_back(std::move(symbol));
  });
  // Stable, then keep the last of equal addresses: the newest code at that address.
  std::stable_sort(map.symbols_.begin(), map.symbols_.end(),
                   [](const Symbol& a, const Symbol& b) { return a.address < b.address; });
  std::vector<Symbol> newest;
  newest.reserve(map.symbols_.size());
  for (auto& symbol : map.symbols_) {
    if (!newest.empty() && newest.back().address == symbol.address)
      newest.back() = std::move(symbol);
    else
      newest.push_back(std::move(symbol));
  }
  map.symbols_ = std::move(newest);
  return map;
}

}  // namespace ember::symbolizer

#include "csv_rows.h"

#include <cmath>
#include <cstdlib>

namespace ember::latency {

std::optional<std::vector<std::string>> CsvRows::next() {
  while (offset_ < text_.size()) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    size_t i = offset_;
    for (; i < text_.size(); ++i) {
      const char c = text_[i];
      if (quoted) {
        if (c != '"') {
          fields.back() += c;
        } else if (i + 1 < text_.size() && text_[i + 1] == '"') {
          fields.back() += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields.emplace_back();
      } else if (c == '\n') {
        break;
      } else if (c != '\r') {
        fields.back() += c;
      }
    }
    offset_ = i + 1;
    ++line_;
    if (fields.size() > 1 || !fields.front().empty()) return fields;
  }
  return std::nullopt;
}

std::string_view first_line(std::string_view text) {
  std::string_view line = text.substr(0, text.find('\n'));
  if (line.ends_with('\r')) line.remove_suffix(1);
  return line;
}

std::optional<double> parse_number(std::string_view field) {
  const std::string text(field);
  const char* begin = text.c_str();
  char* end = nullptr;
  const double value = std::strtod(begin, &end);
  if (end == begin || !std::isfinite(value)) return std::nullopt;
  while (*end == ' ') ++end;
  if (*end != '\0') return std::nullopt;
  return value;
}

std::optional<int64_t> parse_unix_seconds(std::string_view field) {
  while (!field.empty() && field.front() == ' ') field.remove_prefix(1);
  while (!field.empty() && field.back() == ' ') field.remove_suffix(1);
  int64_t seconds = 0, nanos = 0, scale = 1'000'000'000;
  size_t i = 0;
  for (; i < field.size() && field[i] >= '0' && field[i] <= '9'; ++i) {
    if (i >= 12) return std::nullopt;  // beyond year 33000
    seconds = seconds * 10 + (field[i] - '0');
  }
  if (i == 0) return std::nullopt;
  if (i < field.size() && field[i] == '.')
    for (++i; i < field.size() && field[i] >= '0' && field[i] <= '9'; ++i)
      if (scale /= 10) nanos += (field[i] - '0') * scale;
  if (i != field.size()) return std::nullopt;
  return seconds * 1'000'000'000 + nanos;
}

std::string at_line(size_t line, const std::string& what) {
  return "line " + std::to_string(line) + ": " + what;
}

}  // namespace ember::latency

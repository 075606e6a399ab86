// CSV as the load tools write it: comma-separated fields, double quotes around fields that hold
// commas or quotes (a doubled quote inside is one quote), LF or CRLF line ends.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ember::latency {

class CsvRows {
 public:
  explicit CsvRows(std::string_view text) : text_(text) {}
  // The next non-empty line's fields, or nothing at the end.
  std::optional<std::vector<std::string>> next();
  size_t line() const { return line_; }  // 1-based number of the line next() returned

 private:
  std::string_view text_;
  size_t offset_ = 0;
  size_t line_ = 0;
};

// The first line of `text`, without its line end.
std::string_view first_line(std::string_view text);

// A number, the whole field (surrounding spaces allowed); nothing for anything else.
std::optional<double> parse_number(std::string_view field);

// Unix seconds with up to 9 decimals, "1700000000.25", as exact nanoseconds (a double would
// round them); nothing for anything else.
std::optional<int64_t> parse_unix_seconds(std::string_view field);

// "line N: what" for errors about one row.
std::string at_line(size_t line, const std::string& what);

}  // namespace ember::latency

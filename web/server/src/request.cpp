#include "ember/server/request.h"

#include <charconv>

namespace ember::server {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string Request::header(const std::string& name) const {
  auto found = headers.find(name);
  return found == headers.end() ? std::string() : found->second;
}

std::optional<std::string> Request::query_value(const std::string& name) const {
  auto found = query.find(name);
  if (found == query.end()) return std::nullopt;
  return found->second;
}

std::string Request::param(const std::string& name) const {
  auto found = params.find(name);
  return found == params.end() ? std::string() : found->second;
}

Result<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string decoded;
  decoded.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+' && plus_is_space) {
      decoded += ' ';
    } else if (c == '%') {
      if (i + 2 >= text.size() || hex_value(text[i + 1]) < 0 || hex_value(text[i + 2]) < 0)
        return make_error("malformed percent escape in '" + std::string(text.substr(0, 100)) +
                          "': use %XX with two hex digits");
      const int high = hex_value(text[i + 1]), low = hex_value(text[i + 2]);
      decoded += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      decoded += c;
    }
  }
  return decoded;
}

Result<std::map<std::string, std::string>> parse_query(std::string_view query) {
  std::map<std::string, std::string> values;
  while (!query.empty()) {
    const size_t end = query.find('&');
    std::string_view pair = query.substr(0, end);
    query = end == std::string_view::npos ? std::string_view() : query.substr(end + 1);
    if (pair.empty()) continue;
    const size_t equals = pair.find('=');
    auto name = percent_decode(pair.substr(0, equals), true);
    if (!name) return name.error();
    std::string value;
    if (equals != std::string_view::npos) {
      auto decoded = percent_decode(pair.substr(equals + 1), true);
      if (!decoded) return decoded.error();
      value = std::move(*decoded);
    }
    // The first occurrence wins, as Go's Values.Get does.
    values.emplace(std::move(*name), std::move(value));
  }
  return values;
}

Result<std::optional<int64_t>> query_integer(const Request& request, const std::string& name,
                                             int64_t min, int64_t max) {
  auto text = request.query_value(name);
  if (!text) return std::optional<int64_t>();
  int64_t value = 0;
  const char* end = text->data() + text->size();
  auto [stop, error] = std::from_chars(text->data(), end, value);
  if (error != std::errc() || stop != end || value < min || value > max)
    return make_error("parameter '" + name + "' must be an integer from " + std::to_string(min) +
                      " to " + std::to_string(max));
  return std::optional<int64_t>(value);
}

}  // namespace ember::server

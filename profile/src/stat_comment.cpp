#include "stat_comment.h"

#include <charconv>

namespace ember::profile {
namespace {
constexpr std::string_view kPrefix = "ember.stat ";
}

std::string format_stat_comment(const std::string& name, int64_t value) {
  return std::string(kPrefix) + name + "=" + std::to_string(value);
}

std::optional<std::pair<std::string, int64_t>> parse_stat_comment(std::string_view comment) {
  if (!comment.starts_with(kPrefix)) return std::nullopt;
  comment.remove_prefix(kPrefix.size());
  // The value is a number, so the last '=' separates it even if the name holds one.
  size_t eq = comment.rfind('=');
  if (eq == std::string_view::npos || eq == 0) return std::nullopt;
  std::string_view digits = comment.substr(eq + 1);
  int64_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty())
    return std::nullopt;
  return std::pair{std::string(comment.substr(0, eq)), value};
}

}  // namespace ember::profile

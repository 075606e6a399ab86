#include "demangle.h"

#include <cxxabi.h>

#include <cstdlib>
#include <memory>
#include <optional>
#include <vector>

namespace ember::symbolizer {
namespace {

// The demangler recurses on the name's structure; names are untrusted, so very long ones are
// left as they are rather than risking deep recursion.
constexpr size_t kMaxDemangleLength = 16 * 1024;
constexpr size_t kRustHashDigits = 16;

bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool is_rust_hash(std::string_view ident) {
  if (ident.size() != 1 + kRustHashDigits || ident[0] != 'h') return false;
  for (char c : ident.substr(1))
    if (!is_hex_digit(c)) return false;
  return true;
}

// Splits "_ZN<len><ident>...E[.suffix]" into its identifiers; nullopt if it is not that shape.
std::optional<std::vector<std::string_view>> split_nested_name(std::string_view name) {
  if (!name.starts_with("_ZN")) return std::nullopt;
  name.remove_prefix(3);
  std::vector<std::string_view> idents;
  while (!name.empty() && name.front() != 'E') {
    size_t length = 0;
    size_t digits = 0;
    while (digits < name.size() && name[digits] >= '0' && name[digits] <= '9' && digits < 6)
      length = length * 10 + static_cast<size_t>(name[digits++] - '0');
    if (digits == 0 || length == 0 || length > name.size() - digits) return std::nullopt;
    idents.push_back(name.substr(digits, length));
    name.remove_prefix(digits + length);
  }
  if (name.empty() || idents.empty()) return std::nullopt;
  name.remove_prefix(1);  // 'E'
  // LLVM may append ".llvm.NNNN" and similar; anything else means a C++ function signature.
  if (!name.empty() && name.front() != '.') return std::nullopt;
  return idents;
}

// Rust legacy escapes: "$LT$" → '<', "$u20$" → ' ', ".." → "::", a leading "_$" → '$'.
std::optional<std::string> decode_rust_ident(std::string_view ident) {
  static constexpr std::pair<std::string_view, char> kEscapes[] = {
      {"$SP$", '@'}, {"$BP$", '*'}, {"$RF$", '&'}, {"$LT$", '<'},
      {"$GT$", '>'}, {"$LP$", '('}, {"$RP$", ')'}, {"$C$", ','}};
  if (ident.starts_with("_$")) ident.remove_prefix(1);
  std::string out;
  while (!ident.empty()) {
    if (ident.starts_with("..")) {
      out += "::";
      ident.remove_prefix(2);
      continue;
    }
    if (ident.front() != '$') {
      out.push_back(ident.front());
      ident.remove_prefix(1);
      continue;
    }
    bool matched = false;
    for (auto [escape, c] : kEscapes) {
      if (ident.starts_with(escape)) {
        out.push_back(c);
        ident.remove_prefix(escape.size());
        matched = true;
        break;
      }
    }
    if (matched) continue;
    // "$uXX$": a character by its hex code (ASCII only in practice).
    size_t close = ident.find('$', 1);
    if (!ident.starts_with("$u") || close == std::string_view::npos || close < 3 || close > 4)
      return std::nullopt;
    unsigned code = 0;
    for (char c : ident.substr(2, close - 2)) {
      if (!is_hex_digit(c)) return std::nullopt;
      code = code * 16 + static_cast<unsigned>(c <= '9' ? c - '0' : c - 'a' + 10);
    }
    out.push_back(static_cast<char>(code));
    ident.remove_prefix(close + 1);
  }
  return out;
}

std::optional<std::string> demangle_rust_legacy(std::string_view name) {
  auto idents = split_nested_name(name);
  if (!idents || idents->size() < 2 || !is_rust_hash(idents->back())) return std::nullopt;
  idents->pop_back();
  std::string out;
  for (std::string_view ident : *idents) {
    auto decoded = decode_rust_ident(ident);
    if (!decoded) return std::nullopt;
    if (!out.empty()) out += "::";
    out += *decoded;
  }
  return out;
}

std::optional<std::string> demangle_cxx(std::string_view name) {
  struct FreeDeleter {
    void operator()(char* p) const { std::free(p); }
  };
  std::string terminated(name);
  int status = 0;
  std::unique_ptr<char, FreeDeleter> out(
      abi::__cxa_demangle(terminated.c_str(), nullptr, nullptr, &status));
  if (status != 0 || !out) return std::nullopt;
  return std::string(out.get());
}

}  // namespace

std::string demangle(std::string_view name) {
  if (!name.starts_with("_Z") || name.size() > kMaxDemangleLength) return std::string(name);
  if (auto rust = demangle_rust_legacy(name)) return *rust;
  if (auto cxx = demangle_cxx(name)) return *cxx;
  return std::string(name);
}

}  // namespace ember::symbolizer

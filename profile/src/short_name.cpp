#include "ember/profile/short_name.h"

namespace ember::profile {
namespace {

constexpr size_t kNone = std::string_view::npos;
constexpr std::string_view kAnonymous = "(anonymous namespace)";
constexpr std::string_view kCloneSuffix = "[clone ";

bool is_identifier_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

char closer_of(char open) {
  switch (open) {
    case '<':
      return '>';
    case '(':
      return ')';
    case '[':
      return ']';
    default:
      return '}';
  }
}

// One past the bracket that closes the one at `open`, or kNone when brackets do not balance.
size_t closing(std::string_view text, size_t open) {
  std::string expected;
  for (size_t i = open; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '<' || c == '(' || c == '[' || c == '{') {
      expected += closer_of(c);
    } else if (c == '>' || c == ')' || c == ']' || c == '}') {
      if (expected.empty() || expected.back() != c) return kNone;
      expected.pop_back();
      if (expected.empty()) return i + 1;
    }
  }
  return kNone;
}

bool is_operator_at(std::string_view text, size_t i) {
  constexpr std::string_view kOperator = "operator";
  if (text.substr(i, kOperator.size()) != kOperator) return false;
  if (i > 0 && is_identifier_char(text[i - 1])) return false;
  const size_t after = i + kOperator.size();
  return after == text.size() || !is_identifier_char(text[after]);
}

// Copies the operator's name starting at `i` ("operator()", "operator<<", "operator new[]",
// "operator std::string<...>"), whose brackets are not brackets; returns where it ends.
size_t copy_operator(std::string_view text, size_t i, std::string& out) {
  size_t j = i + 8;
  out += "operator";
  if (text.substr(j, 2) == "()") {
    out += "()";
    return j + 2;
  }
  if (j < text.size() && text[j] == ' ') {  // new, delete or a conversion to a type
    while (j < text.size() && text[j] != '(') {
      if (text[j] == '<') {
        const size_t end = closing(text, j);
        if (end == kNone) return text.size();
        out += "<...>";
        j = end;
      } else {
        out += text[j++];
      }
    }
    return j;
  }
  // The longest operator token that matches: "operator<<" is one, "operator< <int>" a
  // template instance of "operator<".
  constexpr std::string_view kTokens[] = {
      "->*", "<=>", "<<=", ">>=", "->", "<<", ">>", "<=", ">=", "==", "!=", "&&",   "||",
      "++",  "--",  "+=",  "-=",  "*=", "/=", "%=", "&=", "|=", "^=", "[]", "\"\"", "+",
      "-",   "*",   "/",   "%",   "^",  "&",  "|",  "~",  "!",  "=",  "<",  ">",    ","};
  for (std::string_view token : kTokens) {
    if (text.substr(j, token.size()) == token) {
      out += token;
      j += token.size();
      break;
    }
  }
  while (j < text.size() && is_identifier_char(text[j])) out += text[j++];  // operator""_km
  const size_t space = text.substr(j, 2) == " <" ? 1 : 0;
  if (j + space < text.size() && text[j + space] == '<') {  // template arguments
    const size_t end = closing(text, j + space);
    if (end == kNone) return text.size();
    out += space ? " <...>" : "<...>";
    j = end;
  }
  return j;
}

// A lambda or unnamed type, "{lambda(std::map<int, int> const&)#1}", as "{lambda(...)#1}".
void copy_braces(std::string_view braced, std::string& out) {
  for (size_t i = 0; i < braced.size(); ++i) {
    const char c = braced[i];
    const size_t end = c == '<' || c == '(' ? closing(braced, i) : kNone;
    if (end == kNone) {
      out += c;
      continue;
    }
    out += c;
    if (end > i + 2) out += "...";
    out += closer_of(c);
    i = end - 1;
  }
}

// After a parameter list: cv and ref qualifiers, then either "::" (a local entity's name goes
// on) or the end, where only clone suffixes (" [clone .cold]") are worth keeping. Returns
// where the name goes on, or kNone at the end.
size_t after_parameters(std::string_view text, size_t i, std::string& out) {
  for (bool skipped = true; skipped;) {
    skipped = false;
    while (i < text.size() && text[i] == ' ') ++i;
    for (std::string_view qualifier : {"const", "volatile", "&&", "&", "noexcept"}) {
      if (text.substr(i, qualifier.size()) == qualifier) {
        i += qualifier.size();
        skipped = true;
        break;
      }
    }
  }
  if (text.substr(i, 2) == "::") {
    out += "::";
    return i + 2;
  }
  for (size_t clone = text.find(kCloneSuffix, i); clone != kNone;
       clone = text.find(kCloneSuffix, clone + 1)) {
    const size_t end = text.find(']', clone);
    if (end == kNone) break;
    out += ' ';
    out += text.substr(clone, end + 1 - clone);
  }
  return kNone;
}

}  // namespace

std::string short_cpp_name(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (text.substr(i, kAnonymous.size()) == kAnonymous) {
      out += kAnonymous;
      i += kAnonymous.size();
    } else if (is_operator_at(text, i)) {
      i = copy_operator(text, i, out);
    } else if (c == '<' || c == '(' || c == '[' || c == '{') {
      const size_t end = closing(text, i);
      if (end == kNone) return std::string(text);
      std::string_view bracketed = text.substr(i, end - i);
      if (c == '(' && out.empty()) {
        // A declarator around the name, as for a function returning a reference to an array:
        // "char const (&std::forward<char const (&) [2]>(...)) [2]".
        bracketed = bracketed.substr(1, bracketed.size() - 2);
        while (!bracketed.empty() && (bracketed[0] == '&' || bracketed[0] == '*'))
          bracketed.remove_prefix(1);
        return short_cpp_name(bracketed);
      }
      if (c == '<' && (out.empty() || out.ends_with("::")))
        out += bracketed;  // a qualified type ("<T as Trait>::f"), not template arguments
      else if (c == '<')
        out += "<...>";
      else if (c == '{')
        copy_braces(bracketed, out);
      else if (c == '[' && !bracketed.starts_with("[abi:"))
        out += bracketed;
      i = end;
      if (c == '(') {
        i = after_parameters(text, i, out);
        if (i == kNone) break;
      }
    } else if (c == ' ') {
      // Before the parameter list, a space ends (a word of) the return type.
      out.clear();
      ++i;
    } else {
      out += c;
      ++i;
    }
  }
  return out.empty() ? std::string(text) : out;
}

std::string short_name(const Function& function) {
  if (!function.system_name.starts_with("_Z")) return function.name;
  return short_cpp_name(function.name);
}

}  // namespace ember::profile

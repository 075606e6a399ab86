// A small well-formedness check for the SVG we write: balanced tags, quoted attributes,
// known entities, no raw '<' or '&' in text. Not a general XML parser; enough to catch a name
// that escaped its escaping.
#pragma once

#include <string>
#include <vector>

namespace ember::format::testing {

// Empty when `xml` is well-formed, else what is wrong and where.
inline std::string xml_problem(const std::string& xml) {
  std::vector<std::string> open;
  size_t i = 0;
  auto at = [&](const std::string& what) { return what + " at offset " + std::to_string(i); };
  auto check_entity = [&]() -> bool {
    for (const char* entity : {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"})
      if (xml.compare(i, std::string(entity).size(), entity) == 0) return true;
    return false;
  };
  while (i < xml.size()) {
    char c = xml[i];
    if (c == '&') {
      if (!check_entity()) return at("bad entity");
      ++i;
    } else if (c == '>') {
      return at("raw '>' in text");
    } else if (c != '<') {
      ++i;
    } else if (xml.compare(i, 2, "<?") == 0) {
      size_t end = xml.find("?>", i);
      if (end == std::string::npos) return at("unterminated declaration");
      i = end + 2;
    } else {
      bool closing = xml[i + 1] == '/';
      size_t name_start = i + (closing ? 2 : 1);
      size_t name_end = xml.find_first_of(" \t\n/>", name_start);
      if (name_end == std::string::npos || name_end == name_start) return at("bad tag");
      std::string name = xml.substr(name_start, name_end - name_start);
      i = name_end;
      // Attributes: name="value" with no '<' inside and entities checked.
      char quote = 0;
      while (i < xml.size() && (quote || (xml[i] != '>' && xml.compare(i, 2, "/>") != 0))) {
        if (quote) {
          if (xml[i] == quote)
            quote = 0;
          else if (xml[i] == '<')
            return at("'<' in attribute");
          else if (xml[i] == '&' && !check_entity())
            return at("bad entity in attribute");
        } else if (xml[i] == '"' || xml[i] == '\'') {
          quote = xml[i];
        } else if (xml[i] == '<') {
          return at("'<' inside tag");
        }
        ++i;
      }
      if (i >= xml.size()) return at("unterminated tag");
      bool self_closing = xml[i] == '/';
      i += self_closing ? 2 : 1;
      if (closing) {
        if (open.empty() || open.back() != name) return at("mismatched </" + name + ">");
        open.pop_back();
      } else if (!self_closing) {
        open.push_back(name);
      }
    }
  }
  return open.empty() ? "" : "unclosed <" + open.back() + ">";
}

}  // namespace ember::format::testing

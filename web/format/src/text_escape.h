// Making untrusted text (symbol names, titles) safe for the documents we write.
#pragma once

#include <string>
#include <string_view>

namespace ember::format {

// `text` with every invalid UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

// Valid UTF-8 with `&`, `<`, `>`, `"`, `'` as entities and the control characters XML 1.0
// forbids dropped: safe in XML/HTML text and attribute values.
std::string xml_escape(std::string_view text);

}  // namespace ember::format

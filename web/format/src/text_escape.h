// Making untrusted text (symbol names, titles) safe for the documents we write.
#pragma once

#include <string>
#include <string_view>

namespace ember::format {

// profile::utf8_text(text) with `&`, `<`, `>`, `"`, `'` as entities and the control characters
// XML 1.0 forbids dropped: safe in XML/HTML text and attribute values.
std::string xml_escape(std::string_view text);

}  // namespace ember::format

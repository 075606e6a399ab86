// The one policy for untrusted bytes in names (symbol names, thread and process names, file
// names): any bytes can be a symbol, but protobuf `string` fields, JSON and HTML need valid
// UTF-8. Every byte that is not part of a valid UTF-8 sequence becomes the four characters
// `\xNN` (lower-case hex), so distinct names stay distinct and readable, and every reader and
// writer of ember shows the same text. Applying it again changes nothing.
#pragma once

#include <string>
#include <string_view>

namespace ember::profile {

bool is_valid_utf8(std::string_view bytes);

// `bytes` itself when it is valid UTF-8, else with each invalid byte as `\xNN`.
std::string utf8_text(std::string_view bytes);

}  // namespace ember::profile

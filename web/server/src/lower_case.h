// HTTP field names are case-insensitive: both ends of ember's HTTP keep them in lower case.
#pragma once

#include <string>
#include <string_view>

namespace ember::server {

std::string lower_case(std::string_view text);

}  // namespace ember::server

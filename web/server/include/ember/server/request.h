// An HTTP request as handlers see it: Beast-free, already size-checked, query decoded.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "ember/result.h"

namespace ember::server {

// The header every state-changing request (POST, DELETE...) must carry, with any value: ember's
// own clients (the UI, `ember mark`, the load-test snippets) send "X-Ember: 1".
inline constexpr std::string_view kClientHeader = "X-Ember";
inline constexpr std::string_view kClientHeaderLower = "x-ember";

struct Request {
  std::string method;  // "GET", "POST"...
  std::string target;  // as sent: path and query, not decoded
  std::string path;    // the target up to '?', not decoded (routes match raw segments)
  std::map<std::string, std::string> query;    // decoded names and values
  std::map<std::string, std::string> headers;  // lower-case names; repeated fields joined by ", "
  std::map<std::string, std::string> params;   // filled by the router from "{name}" segments
  std::string body;
  // Who sent it: the uid the server found for the connection (see peer_identity.h); nullopt
  // when unknown, which handlers must treat as nobody.
  std::optional<uint32_t> uid;

  // The header's value, "" when absent. `name` is lower-case.
  std::string header(const std::string& name) const;
  std::optional<std::string> query_value(const std::string& name) const;
  std::string param(const std::string& name) const;
};

// Splits "a=1&b=x%20y" into decoded pairs ('+' is a space). Fails on a malformed escape.
Result<std::map<std::string, std::string>> parse_query(std::string_view query);

// Decodes %XX escapes (and '+' as a space when `plus_is_space`). Fails on a malformed escape.
Result<std::string> percent_decode(std::string_view text, bool plus_is_space);

// An optional integer query parameter within [min, max]: nullopt when absent, an error naming
// the parameter and the accepted range when it is not such an integer.
Result<std::optional<int64_t>> query_integer(const Request& request, const std::string& name,
                                             int64_t min, int64_t max);

}  // namespace ember::server

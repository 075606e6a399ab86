// The body of POST /api/sessions, checked field by field.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "ember/result.h"
#include "session.h"

namespace ember::emberd {

inline constexpr int64_t kMaxSessionSeconds = 7 * 24 * 3600;

// A request body as JSON; the error says where it is malformed.
Result<nlohmann::json> parse_json_body(const std::string& body);

// {"pids": [...] | "command": [...], "duration_seconds", "frequency_hz", "modes", "name"}.
// The error names the field and what it accepts.
Result<daemon::SessionOptions> parse_session_request(const std::string& body);

}  // namespace ember::emberd

// Sessions and markers as the API's JSON objects (see web/server/API.md).
#pragma once

#include <nlohmann/json.hpp>

#include "session.h"

namespace ember::emberd {

nlohmann::json marker_json(const daemon::Marker& marker);
// Includes the collection stats, which symbolizes a running session's data (cached briefly).
nlohmann::json session_json(daemon::Session& session);
// Serialized; invalid UTF-8 (from a target's command line) is replaced, never thrown on.
std::string dump(const nlohmann::json& value);

}  // namespace ember::emberd

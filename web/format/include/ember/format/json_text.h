// JSON text of a document that holds untrusted names: every string and key follows
// profile::utf8_text (invalid bytes as `\xNN`), so the dump never throws and shows the same
// names as ember's pprof files and tables.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace ember::format {

std::string dump_json(nlohmann::json document, int indent = -1);

}  // namespace ember::format

#include "ember/format/json_text.h"

#include "ember/profile/utf8_text.h"

namespace ember::format {
namespace {

void make_utf8(nlohmann::json& value) {
  if (value.is_string()) {
    auto& text = value.get_ref<std::string&>();
    if (!profile::is_valid_utf8(text)) text = profile::utf8_text(text);
  } else if (value.is_array()) {
    for (auto& element : value) make_utf8(element);
  } else if (value.is_object()) {
    bool keys_valid = true;
    for (auto& [key, element] : value.items()) {
      make_utf8(element);
      keys_valid = keys_valid && profile::is_valid_utf8(key);
    }
    if (keys_valid) return;
    // Keys cannot change in place: rebuild the object (rare: only a hostile label or stat name).
    nlohmann::json rebuilt = nlohmann::json::object();
    for (auto& [key, element] : value.items())
      rebuilt[profile::utf8_text(key)] = std::move(element);
    value = std::move(rebuilt);
  }
}

}  // namespace

std::string dump_json(nlohmann::json document, int indent) {
  make_utf8(document);
  return document.dump(indent);
}

}  // namespace ember::format

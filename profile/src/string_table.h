// The pprof string table as the writer builds it: "" at index 0, each string stored once, as
// utf8_text (protobuf refuses to read a `string` that is not valid UTF-8).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "ember/profile/utf8_text.h"

namespace ember::profile {

class StringTable {
 public:
  StringTable() { index(""); }

  int64_t index(const std::string& s) {
    if (!is_valid_utf8(s)) return index(utf8_text(s));  // valid, so this recurses once
    auto [it, added] = positions_.try_emplace(s, static_cast<int64_t>(strings_.size()));
    if (added) strings_.push_back(s);
    return it->second;
  }

  std::vector<std::string>& strings() { return strings_; }

 private:
  std::unordered_map<std::string, int64_t> positions_;
  std::vector<std::string> strings_;
};

}  // namespace ember::profile

// The pprof string table as the writer builds it: "" at index 0, each string stored once.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace ember::profile {

class StringTable {
 public:
  StringTable() { index(""); }

  int64_t index(const std::string& s) {
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

// Small text helpers for assertions on written documents.
#pragma once

#include <string>

namespace ember::format::testing {

// Number of (possibly overlapping) occurrences of `what` in `text`.
inline size_t occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace ember::format::testing

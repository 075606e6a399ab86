// Hashing for the model's value types, used by the interning tables of ProfileBuilder.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <tuple>
#include <vector>

#include "ember/profile/profile.h"

namespace ember::profile {

inline size_t hash_mix(size_t seed, size_t value) {
  // 64-bit variant of boost::hash_combine's mixing step.
  return seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 12) + (seed >> 4));
}

inline size_t hash_value(uint64_t v) {
  return std::hash<uint64_t>{}(v);
}
inline size_t hash_value(int64_t v) {
  return std::hash<int64_t>{}(v);
}
inline size_t hash_value(bool v) {
  return v ? 1 : 0;
}
inline size_t hash_value(const std::string& s) {
  return std::hash<std::string>{}(s);
}

inline size_t hash_value(const Line& line) {
  return hash_mix(hash_value(line.function_id), hash_value(line.line));
}

inline size_t hash_value(const Label& label) {
  size_t seed = hash_value(label.key);
  seed = hash_mix(seed, hash_value(label.str));
  seed = hash_mix(seed, hash_value(label.num));
  return hash_mix(seed, hash_value(label.num_unit));
}

template <class T>
size_t hash_value(const std::vector<T>& items) {
  size_t seed = items.size();
  for (const T& item : items) seed = hash_mix(seed, hash_value(item));
  return seed;
}

template <class... Ts>
size_t hash_value(const std::tuple<Ts...>& fields) {
  return std::apply(
      [](const auto&... field) {
        size_t seed = 0;
        ((seed = hash_mix(seed, hash_value(field))), ...);
        return seed;
      },
      fields);
}

}  // namespace ember::profile

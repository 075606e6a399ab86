#include <algorithm>

#include "ember/profile/builder.h"
#include "ember/profile/operations.h"
#include "sample_copier.h"

namespace ember::profile {

Profile combine(const std::vector<Profile>& parts) {
  std::vector<ValueType> types;
  for (const Profile& part : parts) {
    const int index = part.default_value_index();
    types.push_back(index >= 0 ? part.sample_types[index] : ValueType{});
  }
  ProfileBuilder builder(types);
  for (size_t column = 0; column < parts.size(); ++column) {
    const Profile& part = parts[column];
    const int index = part.default_value_index();
    SampleCopier copier(builder, part);
    for (const Sample& sample : part.samples) {
      Sample moved = sample;
      moved.values.assign(parts.size(), 0);
      if (index >= 0) moved.values[column] = sample.values[index];
      copier.copy(moved);
    }
  }
  Profile result = std::move(builder).build();
  if (parts.empty()) return result;
  const Profile& first = parts.front();
  result.period_type = first.period_type;
  result.period = first.period;
  result.default_sample_type = types.front().type;
  result.comments = first.comments;
  result.time_nanos = first.time_nanos;
  int64_t end = first.time_nanos + first.duration_nanos;
  for (size_t column = 0; column < parts.size(); ++column) {
    const Profile& part = parts[column];
    if (part.time_nanos && (!result.time_nanos || part.time_nanos < result.time_nanos))
      result.time_nanos = part.time_nanos;
    end = std::max(end, part.time_nanos + part.duration_nanos);
    for (const auto& [name, value] : part.stats) {
      auto [it, inserted] = result.stats.emplace(name, value);
      if (!inserted && it->second != value) result.stats[types[column].type + "." + name] = value;
    }
  }
  result.duration_nanos = end - result.time_nanos;
  return result;
}

}  // namespace ember::profile

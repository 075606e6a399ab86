#include "ember/profile/run_difference.h"

#include <algorithm>
#include <cmath>

#include "ember/profile/builder.h"
#include "ember/profile/sample_type_choice.h"
#include "sample_copier.h"

namespace ember::profile {
namespace {

// Copies every sample of `from` into `into` without labels or time: the values of the columns
// at `columns`, times `factor` (rounded).
void copy_scaled(ProfileBuilder& into, const Profile& from, const std::vector<int>& columns,
                 double factor) {
  SampleCopier copier(into, from);
  Sample copy;
  for (const Sample& sample : from.samples) {
    copy.location_ids = sample.location_ids;
    copy.values.clear();
    for (int column : columns)
      copy.values.push_back(factor == 1 ? sample.values[column]
                                        : std::llround(factor * sample.values[column]));
    copier.copy(copy);
  }
}

std::vector<int> columns_of(const Profile& profile, const std::vector<ValueType>& types) {
  std::vector<int> columns;
  for (const ValueType& type : types) columns.push_back(value_type_index(profile, type));
  return columns;
}

// The profile-level fields that describe how `from` was collected.
void copy_collection_fields(const Profile& from, Profile& to) {
  to.time_nanos = from.time_nanos;
  to.duration_nanos = from.duration_nanos;
  to.period_type = from.period_type;
  to.period = from.period;
}

void drop_empty_samples(Profile& profile) {
  std::erase_if(profile.samples, [](const Sample& s) {
    return std::all_of(s.values.begin(), s.values.end(), [](int64_t v) { return v == 0; });
  });
}

}  // namespace

Result<Profile> mean_profile(const std::vector<Profile>& runs,
                             const std::vector<ValueType>& types) {
  if (runs.empty()) return make_error("no runs to average");
  ProfileBuilder builder(types);
  int64_t duration = 0;
  for (const Profile& run : runs) {
    const std::vector<int> columns = columns_of(run, types);
    if (std::find(columns.begin(), columns.end(), -1) != columns.end())
      return make_error("a run lacks one of the sample types " + describe_sample_types(types));
    copy_scaled(builder, run, columns, 1);
    duration += run.duration_nanos;
  }
  Profile mean = std::move(builder).build();
  const double count = static_cast<double>(runs.size());
  for (Sample& sample : mean.samples)
    for (int64_t& value : sample.values) value = std::llround(value / count);
  drop_empty_samples(mean);
  const Profile& first = runs.front();
  copy_collection_fields(first, mean);
  mean.duration_nanos = std::llround(duration / count);
  const int shown = first.default_value_index();
  if (shown >= 0 && value_type_index(mean, first.sample_types[shown]) >= 0)
    mean.default_sample_type = first.sample_types[shown].type;
  return mean;
}

Result<Profile> subtract(const Profile& after, const Profile& base, double base_factor) {
  if (after.sample_types != base.sample_types)
    return make_error("cannot subtract profiles with different sample types (" +
                      describe_sample_types(after.sample_types) + " and " +
                      describe_sample_types(base.sample_types) + ")");
  ProfileBuilder builder(after.sample_types);
  std::vector<int> columns(after.sample_types.size());
  for (size_t i = 0; i < columns.size(); ++i) columns[i] = static_cast<int>(i);
  copy_scaled(builder, after, columns, 1);
  copy_scaled(builder, base, columns, -base_factor);
  Profile difference = std::move(builder).build();
  drop_empty_samples(difference);
  copy_collection_fields(after, difference);
  difference.default_sample_type = after.default_sample_type;
  difference.comments = after.comments;
  return difference;
}

}  // namespace ember::profile

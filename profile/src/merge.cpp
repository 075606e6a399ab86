#include <algorithm>

#include "ember/profile/operations.h"
#include "ember/profile/sample_type_choice.h"
#include "sample_copier.h"

namespace ember::profile {
namespace {

// The union of two [time, time + duration) ranges; a time of 0 means unknown and is ignored.
void unite_time_ranges(Profile& into, const Profile& other) {
  if (other.time_nanos == 0) return;
  if (into.time_nanos == 0) {
    into.time_nanos = other.time_nanos;
    into.duration_nanos = other.duration_nanos;
    return;
  }
  int64_t begin = std::min(into.time_nanos, other.time_nanos);
  int64_t end =
      std::max(into.time_nanos + into.duration_nanos, other.time_nanos + other.duration_nanos);
  into.time_nanos = begin;
  into.duration_nanos = end - begin;
}

// The profile-level fields of `a` merged with `b`'s, onto `out` (which has the samples).
void merge_header(const Profile& a, const Profile& b, Profile& out) {
  out.time_nanos = a.time_nanos;
  out.duration_nanos = a.duration_nanos;
  unite_time_ranges(out, b);
  // `a` decides where both say something; `b` fills in what `a` leaves unset.
  bool a_has_period = !a.period_type.type.empty() || a.period != 0;
  out.period_type = a_has_period ? a.period_type : b.period_type;
  out.period = a_has_period ? a.period : b.period;
  out.default_sample_type =
      a.default_sample_type.empty() ? b.default_sample_type : a.default_sample_type;
  out.comments = a.comments;
  for (const std::string& c : b.comments)
    if (std::find(out.comments.begin(), out.comments.end(), c) == out.comments.end())
      out.comments.push_back(c);
  out.stats = a.stats;
  for (const auto& [name, value] : b.stats) out.stats[name] += value;
}

}  // namespace

Result<void> merge(Profile& into, const Profile& other) {
  if (into.sample_types != other.sample_types)
    return make_error("cannot merge profiles with different sample types (" +
                      describe_sample_types(into.sample_types) + " and " +
                      describe_sample_types(other.sample_types) + ")");
  if (Result<void> valid = validate(into); !valid)
    return make_error("cannot merge: " + valid.error().message);
  if (Result<void> valid = validate(other); !valid)
    return make_error("cannot merge: " + valid.error().message);

  // Rebuilt from scratch, so equal entries of both profiles become one and `other` may even
  // be `into` itself.
  ProfileBuilder builder(into.sample_types);
  for (const Profile* source : {static_cast<const Profile*>(&into), &other}) {
    SampleCopier copier(builder, *source);
    for (const Sample& s : source->samples) copier.copy(s);
  }
  Profile merged = std::move(builder).build();
  merge_header(into, other, merged);
  into = std::move(merged);
  return {};
}

}  // namespace ember::profile

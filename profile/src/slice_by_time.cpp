#include <algorithm>

#include "ember/profile/operations.h"
#include "sample_copier.h"

namespace ember::profile {

Profile slice_by_time(const Profile& profile, int64_t begin_nanos, int64_t end_nanos) {
  ProfileBuilder builder(profile.sample_types);
  SampleCopier copier(builder, profile);
  for (const Sample& s : profile.samples)
    if (s.time_nanos != 0 && s.time_nanos >= begin_nanos && s.time_nanos < end_nanos)
      copier.copy(s);

  Profile slice = std::move(builder).build();
  // The slice covers the requested window, clipped to the collection when that is known.
  int64_t begin = begin_nanos;
  int64_t end = end_nanos;
  if (profile.time_nanos != 0) {
    begin = std::max(begin, profile.time_nanos);
    end = std::min(end, profile.time_nanos + profile.duration_nanos);
  }
  slice.time_nanos = begin;
  slice.duration_nanos = std::max<int64_t>(0, end - begin);
  // Stats describe the whole collection and cannot be split by time; they stay as they were.
  copy_description(profile, slice);
  return slice;
}

}  // namespace ember::profile

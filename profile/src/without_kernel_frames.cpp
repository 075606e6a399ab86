#include "ember/profile/operations.h"
#include "sample_copier.h"

namespace ember::profile {

Profile without_kernel_frames(const Profile& profile) {
  auto in_kernel = [&profile](uint64_t location_id) {
    const uint64_t mapping_id = profile.location(location_id).mapping_id;
    return mapping_id != 0 && profile.mapping(mapping_id).file == kKernelMappingFile;
  };
  ProfileBuilder builder(profile.sample_types);
  SampleCopier copier(builder, profile);
  for (Sample sample : profile.samples) {
    std::erase_if(sample.location_ids, in_kernel);
    copier.copy(sample);
  }
  Profile result = std::move(builder).build();
  result.time_nanos = profile.time_nanos;
  result.duration_nanos = profile.duration_nanos;
  copy_description(profile, result);
  return result;
}

}  // namespace ember::profile

#include "ember/profile/operations.h"
#include "sample_copier.h"

namespace ember::profile {

namespace {

bool in_kernel(const Profile& profile, uint64_t location_id) {
  const uint64_t mapping_id = profile.location(location_id).mapping_id;
  return mapping_id != 0 && profile.mapping(mapping_id).file == kKernelMappingFile;
}

bool has_label(const Sample& sample, const char* key, const char* value) {
  const Label* label = sample.label(key);
  return label && label->str == value;
}

// Samples of time spent waiting, or of a lock's release to its waiters. (A waker's kernel
// frames, a write to a pipe or a timer's interrupt, are what woke the thread: they stay.)
bool is_wait(const Profile& profile, const Sample& sample) {
  for (const char* type : {"offcpu", "wall", "contentions", "delay", "wakes", "waiters_woken"}) {
    const int index = profile.sample_type_index(type);
    if (index >= 0 && sample.values[index] != 0) return true;
  }
  return false;
}

// `profile` with `edit` applied to every sample's stack; what describes the collection is kept.
template <typename Edit>
Profile with_stacks_edited(const Profile& profile, Edit edit) {
  ProfileBuilder builder(profile.sample_types);
  SampleCopier copier(builder, profile);
  for (Sample sample : profile.samples) {
    edit(sample);
    copier.copy(sample);
  }
  Profile result = std::move(builder).build();
  result.time_nanos = profile.time_nanos;
  result.duration_nanos = profile.duration_nanos;
  copy_description(profile, result);
  return result;
}

}  // namespace

Profile without_kernel_frames(const Profile& profile) {
  return with_stacks_edited(profile, [&profile](Sample& sample) {
    std::erase_if(sample.location_ids, [&profile](uint64_t id) { return in_kernel(profile, id); });
  });
}

size_t wait_kernel_frames(const Profile& profile, const Sample& sample) {
  if (!is_wait(profile, sample) || has_label(sample, "lock_class", "kernel") ||
      has_label(sample, "thread_state", "running"))
    return 0;
  size_t kernel = 0;
  while (kernel < sample.location_ids.size() && in_kernel(profile, sample.location_ids[kernel]))
    ++kernel;
  return kernel == sample.location_ids.size() ? 0 : kernel;
}

Profile with_waits_at_user_calls(const Profile& profile) {
  return with_stacks_edited(profile, [&profile](Sample& sample) {
    const size_t kernel = wait_kernel_frames(profile, sample);
    sample.location_ids.erase(sample.location_ids.begin(), sample.location_ids.begin() + kernel);
  });
}

}  // namespace ember::profile

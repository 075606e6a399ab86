// Checks and whole-profile operations.
#pragma once

#include "ember/profile/profile.h"
#include "ember/result.h"

namespace ember::profile {

// The model's invariants: dense 1-based ids, every referenced id exists, every sample has one
// value per sample type, labels are string xor number. The error names the first violation.
Result<void> validate(const Profile& profile);

// Adds `other` into `into`. Sample types must be equal. Stats are summed; the time range
// becomes the union of both.
Result<void> merge(Profile& into, const Profile& other);

// The samples whose time bucket lies in [begin_nanos, end_nanos). Samples without a time
// (time_nanos == 0) are excluded. Unreferenced locations/functions/mappings are dropped and ids
// renumbered. The time range is the window, clipped to the profile's when that is known; stats
// are kept as they were (they describe the whole collection). `profile` must pass validate().
Profile slice_by_time(const Profile& profile, int64_t begin_nanos, int64_t end_nanos);

// The profile with kernel frames taken out of every stack: their values go to the user frame
// that entered the kernel. For comparing user code across runs whose interrupt and scheduler
// activity differs. Stats, time range and comments are kept. `profile` must pass validate().
Profile without_kernel_frames(const Profile& profile);

// How many kernel frames at the leaf of `sample` belong to the kernel's side of a wait: for a
// sample of waiting (off-CPU, wall-clock off CPU, lock contention, a lock's release), the
// path from the system call that waited down to the scheduler, which every wait shares and
// which says nothing about the code that waited. 0 for other samples, for kernel lock
// contention (lock_class=kernel, where the kernel's frames are the point) and for stacks
// without a user frame (a kernel thread's, or one whose user stack was lost).
size_t wait_kernel_frames(const Profile& profile, const Sample& sample);

// The profile with those frames taken out of each wait, so its leaf is the call that waited
// (read, pthread_mutex_lock, epoll_wait...), as Go's block and mutex profiles show it. Stats,
// time range, comments and the first mapping are kept. `profile` must pass validate().
Profile with_waits_at_user_calls(const Profile& profile);

// Several profiles of one collection side by side, for the outputs that show them together
// (pprof's -sample_index, the UI's sample type switch): sample type i of the result is
// parts[i]'s default sample type, and each sample of parts[i] keeps that value in column i and
// 0 in the others. The time range is the union; stats are the first part's, and the others'
// where they differ, prefixed "TYPE." (e.g. "offcpu.samples"). Parts must pass validate().
Profile combine(const std::vector<Profile>& parts);

}  // namespace ember::profile

// The allocator & GC view of a CPU profile: how much time goes to memory management (malloc
// families, garbage collectors, the kernel's page faults and mmap/brk), and which code outside
// it causes that time, the call site a user can change.
//
// A sample belongs to the category of its innermost memory-management frame (what it calls,
// such as memset under calloc or a lock wait under free, counts with it). Its caller is the
// first frame toward the root past every memory-management frame and thin wrapper (operator
// new, the syscall entry, Go's systemstack): a page fault inside malloc, or a GC assist inside
// mallocgc, is charged to the code that called malloc or allocated.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ember/profile/profile.h"

namespace ember::profile {

// The categories' display names; AllocAttribution::category indexes this list.
const std::vector<std::string>& alloc_category_names();

// The caller's name when the stack ends inside memory management (a GC worker thread, or an
// unwind that stopped there).
inline constexpr char kNoOutsideCaller[] = "(no caller outside)";

struct AllocAttribution {
  int category = -1;             // -1: the sample is not in memory management
  uint64_t caller_location = 0;  // the caller's location id, 0 when there is none
  size_t caller_line = 0;        // and its frame in that location (an index into its lines)
};

// One per sample of `profile` (which must pass validate()), in order.
std::vector<AllocAttribution> attribute_alloc(const Profile& profile);

struct AllocCaller {
  std::string function;  // as top_table names it; kNoOutsideCaller when there is none
  int64_t value = 0;
};

struct AllocCategoryTotal {
  std::string category;
  int64_t value = 0;
  std::vector<AllocCaller> callers;  // largest first, then by name
};

struct AllocView {
  int64_t total = 0;                           // the whole profile's value
  std::vector<AllocCategoryTotal> categories;  // those with samples, largest first
};

// The view for the sample value at `value_index` (empty when out of range).
AllocView alloc_view(const Profile& profile, int value_index);

}  // namespace ember::profile

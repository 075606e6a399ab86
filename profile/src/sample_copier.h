// Copies samples of one profile into a ProfileBuilder, re-interning the mappings, functions and
// locations they reach. What merge and slice_by_time share: entries nobody refers to are never
// copied, and the builder hands out dense ids.
#pragma once

#include <vector>

#include "ember/profile/builder.h"

namespace ember::profile {

class SampleCopier {
 public:
  // `from` must pass validate() and outlive the copier.
  SampleCopier(ProfileBuilder& into, const Profile& from);

  // Copies `from`'s first mapping before the sample's, so that a copy into an empty builder
  // keeps it first.
  void copy(const Sample& sample);

 private:
  uint64_t mapping(uint64_t id);
  uint64_t function(uint64_t id);
  uint64_t location(uint64_t id);

  ProfileBuilder& into_;
  const Profile& from_;
  // Source id → builder id, 0 while not yet copied; each entry is interned only once.
  std::vector<uint64_t> mapping_ids_, function_ids_, location_ids_;
  std::vector<uint64_t> stack_;
};

// Copies what describes the collection rather than its samples: period, default sample type,
// comments and stats (not the time range).
void copy_description(const Profile& from, Profile& into);

}  // namespace ember::profile

// Builds a Profile incrementally: interns mappings, functions and locations, and aggregates
// samples with equal (stack, labels, time bucket) by adding their values.
#pragma once

#include <memory>

#include "ember/profile/profile.h"

namespace ember::profile {

class ProfileBuilder {
 public:
  explicit ProfileBuilder(std::vector<ValueType> sample_types);
  ~ProfileBuilder();
  ProfileBuilder(ProfileBuilder&&) noexcept;
  ProfileBuilder& operator=(ProfileBuilder&&) noexcept;

  // Equal arguments return the same id. The `id` field of the argument is ignored.
  uint64_t add_mapping(const Mapping& mapping);
  uint64_t add_function(const std::string& name, const std::string& system_name,
                        const std::string& file = {}, int64_t start_line = 0);
  // Deduplicated by (mapping_id, address, lines).
  uint64_t add_location(uint64_t mapping_id, uint64_t address, const std::vector<Line>& lines);

  // `values` has one entry per sample type.
  void add_sample(const std::vector<uint64_t>& location_ids, const std::vector<int64_t>& values,
                  const std::vector<Label>& labels = {}, int64_t time_nanos = 0);

  // Profile-level fields (time, duration, period, comments, stats) are set here directly.
  // Samples, locations, functions and mappings must only change through the add_* calls.
  Profile& profile();
  // Hands over the profile; the builder is spent afterwards.
  Profile build() &&;

 private:
  struct Index;
  Profile profile_;
  std::unique_ptr<Index> index_;
};

}  // namespace ember::profile

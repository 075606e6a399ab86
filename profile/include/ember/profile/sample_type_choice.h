// Which sample type two sets of profiles can be compared by: profiles from different producers
// (ember, Go...) agree only on some columns, matched by type and unit.
#pragma once

#include <string>
#include <vector>

#include "ember/profile/profile.h"
#include "ember/result.h"

namespace ember::profile {

// "samples/count, cpu/nanoseconds", as pprof prints sample types; "none" for none.
std::string describe_sample_types(const std::vector<ValueType>& types);

// Index of the sample type equal to `type` (name and unit), or -1.
int value_type_index(const Profile& profile, const ValueType& type);

// The sample types every profile has, in the order of the first one.
std::vector<ValueType> common_sample_types(const std::vector<const Profile*>& profiles);

// The type to compare by: `requested` (a type name, e.g. "samples") when given, else the first
// profile's default type when all have it, else the last common type. The error says what
// each side has when nothing is common or `requested` is missing.
Result<ValueType> comparable_sample_type(const std::vector<const Profile*>& profiles,
                                         const std::string& requested);

}  // namespace ember::profile

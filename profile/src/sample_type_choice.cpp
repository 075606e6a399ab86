#include "ember/profile/sample_type_choice.h"

#include <algorithm>

namespace ember::profile {

std::string describe_sample_types(const std::vector<ValueType>& types) {
  std::string out;
  for (const ValueType& t : types) out += (out.empty() ? "" : ", ") + t.type + "/" + t.unit;
  return out.empty() ? "none" : out;
}

int value_type_index(const Profile& profile, const ValueType& type) {
  auto at = std::find(profile.sample_types.begin(), profile.sample_types.end(), type);
  return at == profile.sample_types.end() ? -1
                                          : static_cast<int>(at - profile.sample_types.begin());
}

std::vector<ValueType> common_sample_types(const std::vector<const Profile*>& profiles) {
  if (profiles.empty()) return {};
  std::vector<ValueType> common = profiles.front()->sample_types;
  std::erase_if(common, [&](const ValueType& type) {
    return std::any_of(profiles.begin(), profiles.end(),
                       [&](const Profile* p) { return value_type_index(*p, type) < 0; });
  });
  return common;
}

Result<ValueType> comparable_sample_type(const std::vector<const Profile*>& profiles,
                                         const std::string& requested) {
  const std::vector<ValueType> common = common_sample_types(profiles);
  if (common.empty()) {
    std::string sides;
    for (const Profile* p : profiles) {
      const std::string types = describe_sample_types(p->sample_types);
      if (sides.find("(" + types + ")") == std::string::npos)
        sides += (sides.empty() ? "(" : " vs (") + types + ")";
    }
    return make_error("the profiles have no sample type in common " + sides +
                      ": compare profiles of the same kind (e.g. CPU with CPU)");
  }
  if (!requested.empty()) {
    for (const ValueType& type : common)
      if (type.type == requested) return type;
    return make_error("sample type '" + requested +
                      "' is not in every profile; common types: " + describe_sample_types(common));
  }
  const Profile& first = *profiles.front();
  const int preferred = first.default_value_index();
  if (preferred >= 0) {
    const ValueType& type = first.sample_types[preferred];
    if (std::find(common.begin(), common.end(), type) != common.end()) return type;
  }
  return common.back();
}

}  // namespace ember::profile

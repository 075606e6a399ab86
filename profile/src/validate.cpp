#include <string>

#include "ember/profile/operations.h"

namespace ember::profile {
namespace {

std::string at(const char* what, size_t position) {
  return std::string(what) + " #" + std::to_string(position + 1);
}

// Element i must carry id i + 1: the accessors Profile::mapping() etc. index by it.
template <class Items>
Result<void> check_dense(const Items& items, const char* what) {
  for (size_t i = 0; i < items.size(); ++i)
    if (items[i].id != i + 1)
      return make_error(at(what, i) + " has id " + std::to_string(items[i].id) + ", expected " +
                        std::to_string(i + 1));
  return {};
}

bool refers(uint64_t id, size_t count) {
  return id >= 1 && id <= count;
}

Result<void> check_location(const Profile& p, size_t i) {
  const Location& l = p.locations[i];
  if (l.mapping_id != 0 && !refers(l.mapping_id, p.mappings.size()))
    return make_error(at("location", i) + " refers to missing mapping " +
                      std::to_string(l.mapping_id));
  for (const Line& line : l.lines)
    if (!refers(line.function_id, p.functions.size()))
      return make_error(at("location", i) + " refers to missing function " +
                        std::to_string(line.function_id));
  return {};
}

Result<void> check_sample(const Profile& p, size_t i) {
  const Sample& s = p.samples[i];
  if (s.values.size() != p.sample_types.size())
    return make_error(at("sample", i) + " has " + std::to_string(s.values.size()) + " values for " +
                      std::to_string(p.sample_types.size()) + " sample types");
  for (uint64_t id : s.location_ids)
    if (!refers(id, p.locations.size()))
      return make_error(at("sample", i) + " refers to missing location " + std::to_string(id));
  for (const Label& label : s.labels)
    if (!label.str.empty() && (label.num != 0 || !label.num_unit.empty()))
      return make_error(at("sample", i) + " label \"" + label.key +
                        "\" has both a string and a number");
  return {};
}

}  // namespace

Result<void> validate(const Profile& p) {
  if (auto r = check_dense(p.mappings, "mapping"); !r) return r;
  if (auto r = check_dense(p.functions, "function"); !r) return r;
  if (auto r = check_dense(p.locations, "location"); !r) return r;
  for (size_t i = 0; i < p.locations.size(); ++i)
    if (auto r = check_location(p, i); !r) return r;
  for (size_t i = 0; i < p.samples.size(); ++i)
    if (auto r = check_sample(p, i); !r) return r;
  return {};
}

}  // namespace ember::profile

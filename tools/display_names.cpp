#include "display_names.h"

#include "ember/profile/short_name.h"

namespace ember::tools {

DisplayNames::DisplayNames(const profile::Profile& profile, bool full_names) {
  if (full_names) return;
  for (const profile::Function& function : profile.functions) {
    std::string short_name = profile::short_name(function);
    if (short_name != function.name) short_names_.emplace(function.name, std::move(short_name));
  }
}

std::string DisplayNames::operator()(const std::string& name) const {
  auto found = short_names_.find(name);
  return found == short_names_.end() ? name : found->second;
}

}  // namespace ember::tools

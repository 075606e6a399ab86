#include "ember/daemon/modes.h"

#include <algorithm>
#include <map>

#include "ember/daemon/profile_sources.h"

namespace ember::daemon {

namespace {

bool contains(const std::vector<Mode>& modes, Mode mode) {
  return std::find(modes.begin(), modes.end(), mode) != modes.end();
}

}  // namespace

Result<std::vector<Mode>> parse_modes(const std::vector<std::string>& names) {
  static const std::map<std::string, std::vector<Mode>> known = {
      {"cpu", {Mode::cpu}},
      {"offcpu", {Mode::offcpu}},
      {"wall", {Mode::cpu, Mode::offcpu}},
      {"lock", {Mode::lock}},
      {"alloc", {Mode::alloc}},
      {"all", {Mode::cpu, Mode::offcpu, Mode::lock, Mode::alloc}}};
  std::vector<Mode> modes;
  for (const std::string& name : names) {
    auto found = known.find(name);
    if (found == known.end())
      return make_error("unknown mode '" + name.substr(0, 40) +
                        "': use cpu, offcpu, wall, lock, alloc or all");
    for (Mode mode : found->second)
      if (!contains(modes, mode)) modes.push_back(mode);
  }
  if (modes.empty()) return make_error("no mode given: use cpu, offcpu, wall, lock, alloc or all");
  return modes;
}

std::vector<std::string> profile_names(const std::vector<Mode>& modes, bool wakers) {
  std::vector<std::string> names;
  for (Mode mode : modes)
    for (const ProfileSource& source : profile_sources())
      if (source.mode == mode && source.source != 0 && (wakers || !source.wakers_only))
        names.emplace_back(source.name);
  if (contains(modes, Mode::cpu) && contains(modes, Mode::offcpu)) names.push_back("wall");
  return names;
}

}  // namespace ember::daemon

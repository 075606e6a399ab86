#include "sampler_frames.h"

#include <vector>

namespace ember::daemon {

void trim_sampler_frames(profile::Profile& profile, const std::string& library) {
  auto ends_with_library = [&library](const std::string& file) {
    return file.size() > library.size() && file.ends_with(library) &&
           file[file.size() - library.size() - 1] == '/';
  };
  std::vector<bool> in_sampler(profile.locations.size() + 1, false);  // by location id
  for (const profile::Location& location : profile.locations)
    in_sampler[location.id] =
        location.mapping_id != 0 && ends_with_library(profile.mapping(location.mapping_id).file);
  std::vector<bool> entry(profile.locations.size() + 1, false);
  for (profile::Sample& sample : profile.samples) {
    auto& ids = sample.location_ids;
    if (ids.empty() || !in_sampler[ids.front()]) continue;
    auto last = ids.begin();  // the outermost sampler frame: the function the program called
    while (last + 1 < ids.end() && in_sampler[*(last + 1)]) ++last;
    entry[*last] = true;
    ids.erase(ids.begin(), last);
  }
  for (profile::Location& location : profile.locations)
    if (entry[location.id] && location.lines.size() > 1)
      location.lines.erase(location.lines.begin(), location.lines.end() - 1);
}

}  // namespace ember::daemon

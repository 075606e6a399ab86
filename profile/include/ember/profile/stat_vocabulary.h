// The names of a profile's statistics (Profile::stats): what each counts, how people read it,
// and whether a non-zero value means data is missing. One list for every place that shows
// them: the CLI summary, pprof comments, /metrics and the UI's quality panel.
#pragma once

#include <span>
#include <string_view>

namespace ember::profile {

struct StatDescription {
  std::string_view name;   // the key in Profile::stats; a name ending in '*' is a prefix
  std::string_view label;  // for people: "Lost samples"
  std::string_view help;   // one line: what it counts
  bool loss = false;       // non-zero means samples, frames or names are missing
  bool counter = true;     // grows over a recording (else a setting or a gauge)
};

// Every statistic ember records, collection losses first.
std::span<const StatDescription> stat_vocabulary();

// The description of `name` (exact, or by a prefix entry), or null for a name ember does not
// record (a profile from elsewhere).
const StatDescription* describe_stat(std::string_view name);

}  // namespace ember::profile

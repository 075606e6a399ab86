// After a recording with --load or --latency: the load's latencies read onto the profile's
// clock, written as latency.csv beside the profiles, and summarised per second.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "ember/profile/profile.h"
#include "load_command.h"

namespace ember::tools {

// Waits for `command` (null with --latency alone), reads its latencies (--latency FILE, else
// the file it names: Locust's --csv PREFIX, k6's --out json=FILE; else what it printed, e.g.
// hey -o csv), writes `dir`/latency.csv and prints the per-second p50/p99 and the slow seconds
// to `out`, or puts them in `json` as "load". Returns 0; 1 when the command failed (its exit
// status said on stderr); 2 when its latencies cannot be used (one line on stderr says why).
int finish_load(const LoadOptions& options, LoadCommand* command, const profile::Profile& profile,
                const std::string& dir, std::ostream& out, nlohmann::json* json);

// The file a load command names for its latencies, empty when none: PREFIX_stats_history.csv
// for Locust's --csv PREFIX, FILE for k6's --out json=FILE.
std::string named_latency_file(const std::string& command);

}  // namespace ember::tools

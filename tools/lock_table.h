#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "ember/profile/profile.h"
#include "table_options.h"

namespace ember::tools {

// The top `count` locks of a lock profile (samples labelled "lock", values contentions/count
// and delay/nanoseconds): name, class (mutex, condition variable, kernel, other), waits, total
// and longest wait. The longest is the largest mean wait of one stack in one second (exact
// where that stack waited once in that second): a pprof file keeps no single waits. Prints
// nothing for other profiles.
void print_lock_table(std::ostream& out, const profile::Profile& profile,
                      const TableOptions& options);

// The same rows as JSON: [{"lock", "class", "waits", "total_nanos", "max_nanos"}].
nlohmann::json lock_table_json(const profile::Profile& profile, size_t count);

}  // namespace ember::tools

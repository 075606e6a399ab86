#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "ember/profile/profile.h"
#include "table_options.h"

namespace ember::tools {

// Per thread, the value (e.g. off-CPU or wall time) split by the thread_state label, the total
// and its share of the recording's duration: for a wall profile each total should be the time
// the thread existed; the `options.rows` threads with the largest totals, and how many more
// there are. For profiles whose samples carry thread_state (offcpu, wall); prints nothing for
// others.
void print_thread_table(std::ostream& out, const profile::Profile& profile, int value_index,
                        const TableOptions& options);

// The same rows as JSON: [{"tid", "thread_name", "total", "states": {"sleeping": ns, ...}}].
nlohmann::json thread_table_json(const profile::Profile& profile, int value_index);

}  // namespace ember::tools

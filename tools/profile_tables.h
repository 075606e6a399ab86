#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "ember/profile/profile.h"
#include "table_options.h"

namespace ember::tools {

// Every table that applies to `profile`, for the value at `value_index`: the top functions and
// the allocator & GC view (not for wall-clock profiles, where the thread table says it), the
// threads by state, the locks, the wakers. `ember record` prints them after recording and
// `ember report` from the file, which keeps what they need in its labels.
void print_profile_tables(std::ostream& out, const profile::Profile& profile, int value_index,
                          const TableOptions& options);

// The same as JSON: {"top", "threads", "locks", "wakers"}.
nlohmann::json profile_tables_json(const profile::Profile& profile, int value_index, size_t count);

}  // namespace ember::tools

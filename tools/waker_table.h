#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "ember/profile/profile.h"
#include "table_options.h"

namespace ember::tools {

// What woke whom, from a wakers profile (samples labelled "woken_thread", values wakeups/count
// and wakers/nanoseconds): per woken thread and waker thread, the wakeups and how long the
// woken thread had waited for them, the `count` largest. Prints nothing for other profiles.
void print_waker_table(std::ostream& out, const profile::Profile& profile,
                       const TableOptions& options);

// The same rows as JSON: [{"woken_thread", "waker_thread", "wakeups", "waited_nanos"}].
nlohmann::json waker_table_json(const profile::Profile& profile, size_t count);

}  // namespace ember::tools

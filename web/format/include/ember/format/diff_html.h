// A self-contained diff page: the web UI's diff view (a flame graph of the new profile coloured
// by the change in each frame's share, and the table of biggest changes) with both profiles
// inlined, no network.
#pragma once

#include <string>

#include "ember/profile/profile.h"

namespace ember::format {

// `base` and `after` must share the sample type the page should show first.
std::string write_diff_html(const profile::Profile& base, const profile::Profile& after,
                            const std::string& title);

}  // namespace ember::format

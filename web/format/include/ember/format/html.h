// A self-contained interactive HTML page: the web UI with the profile inlined, no network.
#pragma once

#include <string>

#include "ember/profile/profile.h"

namespace ember::format {

std::string write_html(const profile::Profile& profile, const std::string& title);

}  // namespace ember::format

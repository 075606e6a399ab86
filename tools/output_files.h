#pragma once

#include <string>

#include "ember/profile/profile.h"
#include "ember/result.h"

namespace ember::tools {

// Writes the profile in the format its extension names: .pb.gz (pprof), .folded,
// .speedscope.json, .svg, .html. The file appears complete or not at all.
Result<void> write_output(const profile::Profile& profile, const std::string& path);

// Writes `bytes` to `path`; the file appears complete or not at all.
Result<void> write_file(const std::string& path, const std::string& bytes);

// Checks that the extension names a known format, before any work is done.
Result<void> check_output_format(const std::string& path);

}  // namespace ember::tools

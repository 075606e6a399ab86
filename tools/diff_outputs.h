// The files a comparison writes: a diff flame graph page (.html) of the mean runs, or their
// difference as pprof (.pb.gz), as `ember diff` and `ember slow` write them.
#pragma once

#include <string>
#include <vector>

#include "ember/profile/profile.h"
#include "ember/result.h"

namespace ember::tools {

// Each path's extension picks what it gets; `type` is shown first. Runs must pass validate().
Result<void> write_diff_outputs(const std::vector<std::string>& paths,
                                const std::vector<profile::Profile>& base,
                                const std::vector<profile::Profile>& after,
                                const profile::ValueType& type);

}  // namespace ember::tools

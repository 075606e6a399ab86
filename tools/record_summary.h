#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "ember/profile/profile.h"

namespace ember::tools {

// What a recording collected and lost: samples, losses, stack capture errors, unsymbolized
// frames, how many stacks reach a thread root and why CFI unwinding stopped short.
void print_record_summary(std::ostream& out, const profile::Profile& profile,
                          const std::vector<std::string>& written_paths);

}  // namespace ember::tools

// Lines of the test targets' source files, which tests expect profiles to name.
#pragma once

#include <string>

namespace ember::test {

// The first line of `file` (1-based) that contains `text`, 0 when none does.
int line_of(const std::string& file, const std::string& text);

}  // namespace ember::test

// The running kernel's function names, as an independent check of which frames are the
// kernel's.
#pragma once

#include <string>

namespace ember::test {

// Whether /proc/kallsyms has a text symbol of this name (reading it needs root).
bool is_kernel_function(const std::string& name);

}  // namespace ember::test

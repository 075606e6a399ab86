#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "ember/profile/profile.h"
#include "table_options.h"

namespace ember::tools {

// The allocator & GC view: each category's share of the sample value, and under it the first
// callers outside memory management (the top `options.rows` of them).
void print_alloc_view(std::ostream& out, const profile::Profile& profile, int value_index,
                      const TableOptions& options);

// The same as JSON: {"total", "categories": [{"category", "value",
// "callers": [{"function", "value"}, ...]}, ...]}.
nlohmann::json alloc_view_json(const profile::Profile& profile, int value_index, size_t count);

}  // namespace ember::tools

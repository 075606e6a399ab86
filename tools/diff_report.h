// What `ember diff` prints: the tables of biggest changes in share and the gate's verdict, as
// text or JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>

#include "diff_gate.h"
#include "ember/profile/profile_diff.h"

namespace ember::tools {

// Two tables, by change in self share and in total share, `count` rows each (one by stack).
void print_diff(std::ostream& out, const profile::ProfileDiff& diff, size_t count,
                double confidence_level);

// Nothing when no rule was given.
void print_gate(std::ostream& out, const GateResult& gate);

// {"sample_type", "unit", "confidence_level", "base": {"runs", "totals"}, "new": {...},
//  "rows": [{"name", "self": CHANGE, "total": CHANGE}, ...]} with the `count` largest changes,
// where CHANGE is {"base", "new" (shares, 0..1), "delta_points", "noise_points",
// "confidence" (null without repeated runs), "beyond_noise", "base_value", "new_value"}.
// One CHANGE object of diff_json.
nlohmann::json change_json(const profile::ShareChange& change);

nlohmann::json diff_json(const profile::ProfileDiff& diff, size_t count, double confidence_level);

// {"passed", "rules", "violations": [{"rule", "delta_points", "noise_points", "functions":
// [{"name", "delta_points"}, ...]}, ...]}
nlohmann::json gate_json(const GateResult& gate);

}  // namespace ember::tools

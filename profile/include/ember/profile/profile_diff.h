// Comparing a set of base runs with a set of new runs of the same workload: each function's
// (or stack's) share of its profile's total before and after, so runs of different lengths
// compare fairly, with the absolute values alongside and, given repeated runs, whether the
// change stands out from the run-to-run noise.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "ember/profile/profile.h"
#include "ember/profile/share_change.h"

namespace ember::profile {

enum class DiffKey { function, stack };

struct DiffOptions {
  ValueType type;  // every profile must have it (see comparable_sample_type)
  DiffKey key = DiffKey::function;
  double confidence_level = 0.95;  // sizes the noise band, in (0, 1)
};

struct DiffRow {
  // A function name, or a stack from the root: "main;handle;parse".
  std::string name;
  // The function's own value (it is the leaf frame); for a stack, the stack's value.
  ShareChange self;
  // With everything it calls, counted once per sample; for a stack, equal to `self`.
  ShareChange total;
};

struct ProfileDiff {
  ValueType type;
  DiffKey key = DiffKey::function;
  std::vector<int64_t> base_totals;   // one per base run
  std::vector<int64_t> after_totals;  // one per new run
  // The larger of |self.delta()| and |total.delta()| first; on a tie the larger self change,
  // so a function comes before callers that only pass its change on.
  std::vector<DiffRow> rows;
};

// The sum of one column of sample values: what shares are shares of.
int64_t value_total(const Profile& profile, int value_index);

// Every profile must pass validate() and have `options.type`; each side holds one or more runs.
ProfileDiff diff_profiles(const std::vector<Profile>& base, const std::vector<Profile>& after,
                          const DiffOptions& options);

// The share of the functions that `matches` accepts, taken together: self counts samples whose
// leaf frame matches, total samples with a matching frame anywhere (once per sample).
struct MatchedChange {
  ShareChange self;
  ShareChange total;
};
MatchedChange compare_matched(const std::vector<Profile>& base, const std::vector<Profile>& after,
                              const DiffOptions& options,
                              const std::function<bool(const std::string&)>& matches);

}  // namespace ember::profile

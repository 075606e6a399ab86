#include "ember/profile/top_table.h"

#include <algorithm>
#include <cstdio>
#include <unordered_map>

namespace ember::profile {
namespace {

// One row per function name, as pprof groups them; unsymbolized locations are named by
// address. `seen_in` remembers the last sample that added to `cum`, so a function appearing
// several times in one stack (recursion, inlining) is counted once per sample.
class Rows {
 public:
  explicit Rows(const Profile& p) : profile_(p), function_rows_(p.functions.size() + 1) {
    for (const Function& f : p.functions) function_rows_[f.id] = row(f.name);
  }

  // Rows of the frames of location `id`, innermost first.
  void frames(uint64_t id, std::vector<size_t>& out) {
    out.clear();
    const Location& l = profile_.location(id);
    for (const Line& line : l.lines) out.push_back(function_rows_[line.function_id]);
    if (out.empty()) {
      char name[32];
      std::snprintf(name, sizeof name, "0x%llx", static_cast<unsigned long long>(l.address));
      out.push_back(row(name));
    }
  }

  void add_flat(size_t row, int64_t value) { totals_[row].flat += value; }

  void add_cum(size_t row, int64_t value, size_t sample) {
    if (seen_in_[row] == sample) return;
    seen_in_[row] = sample;
    totals_[row].cum += value;
  }

  std::vector<FunctionTotal> take() && { return std::move(totals_); }

 private:
  size_t row(const std::string& name) {
    auto [it, added] = by_name_.try_emplace(name, totals_.size());
    if (added) {
      totals_.push_back(FunctionTotal{name, 0, 0});
      seen_in_.push_back(SIZE_MAX);
    }
    return it->second;
  }

  const Profile& profile_;
  std::vector<size_t> function_rows_;  // function id → row
  std::unordered_map<std::string, size_t> by_name_;
  std::vector<FunctionTotal> totals_;
  std::vector<size_t> seen_in_;
};

}  // namespace

TopTable top_table(const Profile& profile, int value_index) {
  TopTable table;
  if (value_index < 0 || static_cast<size_t>(value_index) >= profile.sample_types.size())
    return table;
  Rows rows(profile);
  std::vector<size_t> frames;
  for (size_t i = 0; i < profile.samples.size(); ++i) {
    const Sample& s = profile.samples[i];
    int64_t value = s.values[value_index];
    table.total += value;
    for (size_t depth = 0; depth < s.location_ids.size(); ++depth) {
      rows.frames(s.location_ids[depth], frames);
      // The leaf frame is the innermost line of the leaf location.
      if (depth == 0) rows.add_flat(frames.front(), value);
      for (size_t row : frames) rows.add_cum(row, value, i);
    }
  }
  table.entries = std::move(rows).take();
  // Functions that no sample value reached are not worth a row.
  std::erase_if(table.entries, [](const FunctionTotal& t) { return t.flat == 0 && t.cum == 0; });
  std::sort(table.entries.begin(), table.entries.end(),
            [](const FunctionTotal& a, const FunctionTotal& b) {
              if (a.flat != b.flat) return a.flat > b.flat;
              if (a.cum != b.cum) return a.cum > b.cum;
              return a.name < b.name;
            });
  return table;
}

}  // namespace ember::profile

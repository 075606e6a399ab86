#include "slow_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <set>

#include "diff_report.h"
#include "terminal_text.h"
#include "value_format.h"

namespace ember::tools {

namespace {

constexpr int64_t kSecond = 1'000'000'000;

std::string printed(const char* format, double value) {
  char text[48];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

std::string clock_time(int64_t unix_second) {
  const time_t time = static_cast<time_t>(unix_second);
  std::tm tm{};
  gmtime_r(&time, &tm);
  char text[16];
  std::strftime(text, sizeof text, "%H:%M:%S", &tm);
  return text;
}

struct LockGrowth {
  std::string lock, lock_class;
  double slow_per_second = 0, other_per_second = 0;
};

// Wait per second of each lock in the slow seconds and in the others.
std::vector<LockGrowth> lock_growth(const latency::SlowSeconds& seconds,
                                    const profile::Profile& profile, size_t count) {
  const int delay = profile.sample_type_index("delay");
  if (delay < 0) return {};
  const std::set<int64_t> slow(seconds.slow.begin(), seconds.slow.end());
  const std::set<int64_t> rest(seconds.rest.begin(), seconds.rest.end());
  std::map<std::pair<std::string, std::string>, LockGrowth> locks;
  for (const profile::Sample& sample : profile.samples) {
    const profile::Label* lock = sample.label("lock");
    if (!lock || sample.time_nanos == 0) continue;
    const profile::Label* lock_class = sample.label("lock_class");
    LockGrowth& row = locks[{lock->str, lock_class ? lock_class->str : ""}];
    row.lock = lock->str;
    row.lock_class = lock_class ? lock_class->str : "";
    const int64_t second = sample.time_nanos / kSecond;
    const double value = static_cast<double>(sample.values[delay]);
    if (slow.count(second)) row.slow_per_second += value / slow.size();
    if (rest.count(second)) row.other_per_second += value / rest.size();
  }
  std::vector<LockGrowth> rows;
  for (auto& [key, row] : locks) rows.push_back(std::move(row));
  std::stable_sort(rows.begin(), rows.end(), [](const LockGrowth& a, const LockGrowth& b) {
    return a.slow_per_second - a.other_per_second > b.slow_per_second - b.other_per_second;
  });
  if (rows.size() > count) rows.resize(count);
  return rows;
}

}  // namespace

std::vector<const profile::DiffRow*> growing_rows(const profile::ProfileDiff& diff) {
  std::vector<const profile::DiffRow*> rows;
  for (const profile::DiffRow& row : diff.rows)
    if (row.total.delta() > 0) rows.push_back(&row);
  std::stable_sort(rows.begin(), rows.end(),
                   [](const profile::DiffRow* a, const profile::DiffRow* b) {
                     if (a->total.delta() != b->total.delta())
                       return a->total.delta() > b->total.delta();
                     return a->self.delta() > b->self.delta();
                   });
  return rows;
}

std::string threshold_rule(const latency::SlowSeconds& seconds) {
  return "the larger of 3x the typical second's p" + printed("%g", seconds.percentile) +
         " and the typical value plus 5 robust standard deviations (1.4826 x the median "
         "absolute deviation over the seconds)";
}

nlohmann::json slow_json(const latency::SlowSeconds& seconds, const profile::Profile& profile,
                         const profile::ProfileDiff& diff, size_t count) {
  nlohmann::json windows = nlohmann::json::array();
  for (const auto& [start, end] : seconds.windows) windows.push_back({start, end});
  nlohmann::json changes = nlohmann::json::array();
  for (const profile::DiffRow* row : growing_rows(diff)) {
    if (changes.size() == count) break;
    nlohmann::json total = change_json(row->total);
    changes.push_back({{"function", row->name},
                       {"change_pts", row->total.delta() * 100},
                       {"self_pts", row->self.delta() * 100},
                       {"noise_pts", total["noise_points"]},
                       {"beyond_noise", total["beyond_noise"]},
                       {"self", change_json(row->self)},
                       {"total", std::move(total)}});
  }
  nlohmann::json locks = nlohmann::json::array();
  for (const LockGrowth& row : lock_growth(seconds, profile, count))
    locks.push_back({{"lock", row.lock},
                     {"class", row.lock_class},
                     {"slow_nanos_per_second", row.slow_per_second},
                     {"other_nanos_per_second", row.other_per_second}});
  return {{"slow_windows", std::move(windows)},  {"threshold_ms", seconds.threshold_ms},
          {"typical_ms", seconds.typical_ms},    {"percentile", seconds.percentile},
          {"slow_seconds", seconds.slow.size()}, {"other_seconds", seconds.rest.size()},
          {"sample_type", diff.type.type},       {"unit", diff.type.unit},
          {"changes", std::move(changes)},       {"locks", std::move(locks)}};
}

void print_slow(std::ostream& out, const latency::SlowSeconds& seconds,
                const profile::Profile& profile, const profile::ProfileDiff& diff, size_t count,
                double confidence_level) {
  out << "Slow seconds: p" << printed("%g", seconds.percentile) << " above "
      << printed("%.1f", seconds.threshold_ms)
      << " ms (typical second: " << printed("%.1f", seconds.typical_ms) << " ms); "
      << seconds.slow.size() << " of " << seconds.slow.size() + seconds.rest.size()
      << " seconds with load, UTC:";
  for (const auto& [start, end] : seconds.windows)
    out << " " << clock_time(start) << (end - start > 1 ? "-" + clock_time(end) : "");
  out << "\nbase: the " << diff.base_totals.size() << " other seconds, new: the "
      << diff.after_totals.size() << " slow seconds (with samples), each second one run\n\n";
  print_diff(out, diff, count, confidence_level);
  const std::vector<LockGrowth> locks = lock_growth(seconds, profile, count);
  if (locks.empty()) return;
  out << "\nLocks by growth of wait per second:\n";
  char line[96];
  std::snprintf(line, sizeof line, "%12s %12s  %-20s%s\n", "slow/s", "other/s", "class", "lock");
  out << line;
  for (const LockGrowth& row : locks) {
    std::snprintf(line, sizeof line, "%12s %12s  %-20s",
                  format_value(std::llround(row.slow_per_second), "nanoseconds").c_str(),
                  format_value(std::llround(row.other_per_second), "nanoseconds").c_str(),
                  row.lock_class.c_str());
    out << line << terminal_text(row.lock) << "\n";
  }
}

}  // namespace ember::tools

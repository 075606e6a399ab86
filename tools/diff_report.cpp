#include "diff_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "terminal_text.h"
#include "value_format.h"

namespace ember::tools {

namespace {

using profile::DiffRow;
using profile::ProfileDiff;
using profile::ShareChange;

std::string printed(const char* format, double value) {
  char text[48];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

std::string share_text(double share) {
  return printed("%.1f%%", share * 100);
}

std::string noise_text(double noise) {
  return std::isnan(noise) ? "-" : printed("±%.2f", noise * 100);
}

std::string confidence_text(double confidence) {
  return std::isnan(confidence) ? "-" : printed("%.0f%%", std::floor(confidence * 100));
}

double mean_total(const std::vector<int64_t>& totals) {
  double sum = 0;
  for (int64_t total : totals) sum += static_cast<double>(total);
  return totals.empty() ? 0 : sum / totals.size();
}

std::string side_text(const char* side, const std::vector<int64_t>& totals,
                      const std::string& unit) {
  return std::string(side) + " " + std::to_string(totals.size()) +
         (totals.size() == 1 ? " run" : " runs") + " (" + (totals.size() == 1 ? "" : "mean ") +
         "total " + format_value(std::llround(mean_total(totals)), unit) + ")";
}

void print_table(std::ostream& out, const ProfileDiff& diff, bool self, size_t count) {
  std::vector<const DiffRow*> rows;
  auto change = [self](const DiffRow* row) -> const ShareChange& {
    return self ? row->self : row->total;
  };
  for (const DiffRow& row : diff.rows)
    if (change(&row).base != 0 || change(&row).after != 0) rows.push_back(&row);
  std::stable_sort(rows.begin(), rows.end(), [&](const DiffRow* a, const DiffRow* b) {
    return std::abs(change(a).delta()) > std::abs(change(b).delta());
  });
  out << (diff.key == profile::DiffKey::stack ? "Biggest changes in share, by stack:"
          : self                              ? "Biggest changes in self share:"
                                              : "Biggest changes in total share:")
      << "\n";
  char line[160];
  std::snprintf(line, sizeof line, "%7s %7s %8s %7s %5s %10s %10s  %s\n", "base", "new", "delta",
                "noise", "conf", "base/run", "new/run",
                diff.key == profile::DiffKey::stack ? "stack" : "function");
  out << line;
  for (size_t i = 0; i < rows.size() && i < count; ++i) {
    const ShareChange& c = change(rows[i]);
    std::snprintf(line, sizeof line, "%7s %7s %8s %7s %5s %10s %10s  ", share_text(c.base).c_str(),
                  share_text(c.after).c_str(), printed("%+.2f", c.delta() * 100).c_str(),
                  noise_text(c.noise).c_str(), confidence_text(c.confidence).c_str(),
                  format_value(std::llround(c.base_value), diff.type.unit).c_str(),
                  format_value(std::llround(c.after_value), diff.type.unit).c_str());
    out << line << terminal_text(rows[i]->name) << "\n";
  }
}

nlohmann::json number_or_null(double value) {
  return std::isnan(value) ? nlohmann::json(nullptr) : nlohmann::json(value);
}

}  // namespace

nlohmann::json change_json(const ShareChange& c) {
  return {{"base", c.base},
          {"new", c.after},
          {"delta_points", c.delta() * 100},
          {"noise_points", number_or_null(c.noise * 100)},
          {"confidence", number_or_null(c.confidence)},
          {"beyond_noise", c.beyond_noise()},
          {"base_value", c.base_value},
          {"new_value", c.after_value}};
}

void print_diff(std::ostream& out, const ProfileDiff& diff, size_t count, double confidence_level) {
  out << "Comparing " << diff.type.type << "/" << diff.type.unit << ": "
      << side_text("base", diff.base_totals, diff.type.unit) << ", "
      << side_text("new", diff.after_totals, diff.type.unit) << "\n";
  out << "Shares of each run's total; delta and noise in percentage points";
  if (diff.base_totals.size() > 1 || diff.after_totals.size() > 1)
    out << "; noise: half-width of the " << printed("%g", confidence_level * 100)
        << "% interval from the spread between runs; conf: Welch's t-test";
  else
    out << " (no noise estimate: give repeated runs with --base a,b,c --new x,y,z)";
  out << "\n\n";
  print_table(out, diff, true, count);
  if (diff.key == profile::DiffKey::stack) return;  // a stack's total is its self value
  out << "\n";
  print_table(out, diff, false, count);
}

void print_gate(std::ostream& out, const GateResult& gate) {
  if (gate.rules == 0) return;
  if (gate.passed()) {
    out << "\nGate passed: " << gate.rules << (gate.rules == 1 ? " rule" : " rules")
        << " within budget.\n";
    return;
  }
  out << "\nGate FAILED: " << gate.violations.size() << " of " << gate.rules
      << (gate.rules == 1 ? " rule" : " rules") << " exceeded.\n";
  for (const Violation& v : gate.violations) {
    out << "  " << terminal_text(v.rule) << ": " << printed("%+.2f", v.delta_points) << " pts";
    if (!std::isnan(v.noise_points)) out << " (noise " << printed("±%.2f", v.noise_points) << ")";
    out << "\n";
    for (const FunctionChange& f : v.functions)
      out << "    " << printed("%+7.2f", f.delta_points) << "  " << terminal_text(f.name) << "\n";
  }
}

nlohmann::json diff_json(const ProfileDiff& diff, size_t count, double confidence_level) {
  nlohmann::json rows = nlohmann::json::array();
  for (size_t i = 0; i < diff.rows.size() && i < count; ++i)
    rows.push_back({{"name", diff.rows[i].name},
                    {"self", change_json(diff.rows[i].self)},
                    {"total", change_json(diff.rows[i].total)}});
  return {{"sample_type", diff.type.type},
          {"unit", diff.type.unit},
          {"confidence_level", confidence_level},
          {"base", {{"runs", diff.base_totals.size()}, {"totals", diff.base_totals}}},
          {"new", {{"runs", diff.after_totals.size()}, {"totals", diff.after_totals}}},
          {"rows", std::move(rows)}};
}

nlohmann::json gate_json(const GateResult& gate) {
  nlohmann::json violations = nlohmann::json::array();
  for (const Violation& v : gate.violations) {
    nlohmann::json functions = nlohmann::json::array();
    for (const FunctionChange& f : v.functions)
      functions.push_back({{"name", f.name}, {"delta_points", f.delta_points}});
    violations.push_back({{"rule", v.rule},
                          {"delta_points", v.delta_points},
                          {"noise_points", number_or_null(v.noise_points)},
                          {"functions", std::move(functions)}});
  }
  return {{"passed", gate.passed()}, {"rules", gate.rules}, {"violations", std::move(violations)}};
}

}  // namespace ember::tools

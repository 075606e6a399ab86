#include "ember/profile/share_change.h"

#include "student_t.h"

namespace ember::profile {
namespace {

struct Spread {
  double mean = 0;
  double variance = 0;  // sample variance (n - 1), 0 with one run
  double value = 0;     // mean absolute value
  size_t runs = 0;
};

Spread spread(const RunValues& runs) {
  Spread out;
  out.runs = runs.values.size();
  if (out.runs == 0) return out;
  std::vector<double> shares;
  for (size_t i = 0; i < out.runs; ++i) {
    const int64_t total = i < runs.totals.size() ? runs.totals[i] : 0;
    shares.push_back(total != 0 ? static_cast<double>(runs.values[i]) / total : 0.0);
    out.value += static_cast<double>(runs.values[i]) / out.runs;
  }
  for (double share : shares) out.mean += share / out.runs;
  if (out.runs > 1) {
    for (double share : shares) out.variance += (share - out.mean) * (share - out.mean);
    out.variance /= out.runs - 1;
  }
  return out;
}

}  // namespace

ShareChange compare_shares(const RunValues& base, const RunValues& after, double confidence_level) {
  const Spread b = spread(base), a = spread(after);
  ShareChange change{b.mean, a.mean, b.value, a.value};
  double standard_error = 0, df = 0;
  if (b.runs > 1 && a.runs > 1) {
    const double vb = b.variance / b.runs, va = a.variance / a.runs;
    standard_error = std::sqrt(vb + va);
    const double df_denominator = vb * vb / (b.runs - 1) + va * va / (a.runs - 1);
    df = df_denominator > 0 ? (vb + va) * (vb + va) / df_denominator : 1;
  } else if (b.runs > 1 || a.runs > 1) {
    const Spread& measured = b.runs > 1 ? b : a;
    standard_error = std::sqrt(measured.variance * (1.0 / b.runs + 1.0 / a.runs));
    df = static_cast<double>(measured.runs - 1);
  } else {
    return change;
  }
  const double delta = change.delta();
  change.standard_error = standard_error;
  change.degrees_of_freedom = df;
  if (standard_error == 0) {
    // Every run gave the same share on both sides: any change at all is beyond the noise.
    change.noise = 0;
    change.confidence = delta != 0 ? 1 : 0;
    return change;
  }
  change.noise = noise_band(change, confidence_level);
  change.confidence = 1 - student_t_two_sided_p(delta / standard_error, df);
  return change;
}

double noise_band(const ShareChange& change, double confidence_level) {
  if (!(change.standard_error > 0)) return change.standard_error;  // NaN or 0
  return student_t_critical(confidence_level, change.degrees_of_freedom) * change.standard_error;
}

}  // namespace ember::profile

#include "student_t.h"

#include <cmath>

namespace ember::profile {
namespace {

// The continued fraction of the regularized incomplete beta function (modified Lentz), which
// converges fast for x < (a + 1) / (a + b + 2).
double beta_fraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300;
  constexpr double kEpsilon = 1e-14;
  double c = 1, d = 1 - (a + b) * x / (a + 1);
  d = 1 / (std::abs(d) < kTiny ? kTiny : d);
  double result = d;
  for (int m = 1; m <= 300; ++m) {
    for (int step = 0; step < 2; ++step) {
      const double numerator = step == 0
                                   ? m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
                                   : -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
      d = 1 + numerator * d;
      d = 1 / (std::abs(d) < kTiny ? kTiny : d);
      c = 1 + numerator / c;
      if (std::abs(c) < kTiny) c = kTiny;
      result *= c * d;
      if (step == 1 && std::abs(c * d - 1) < kEpsilon) return result;
    }
  }
  return result;
}

// I_x(a, b).
double incomplete_beta(double a, double b, double x) {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const double front = std::exp(std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) +
                                a * std::log(x) + b * std::log1p(-x));
  if (x < (a + 1) / (a + b + 2)) return front * beta_fraction(a, b, x) / a;
  return 1 - front * beta_fraction(b, a, 1 - x) / b;
}

}  // namespace

double student_t_two_sided_p(double t, double df) {
  return incomplete_beta(df / 2, 0.5, df / (df + t * t));
}

double student_t_critical(double confidence, double df) {
  // p falls as t grows: bisect until the interval is far below any share that matters.
  const double p = 1 - confidence;
  double low = 0, high = 1;
  while (student_t_two_sided_p(high, df) > p && high < 1e9) high *= 2;
  for (int i = 0; i < 200 && high - low > 1e-9 * high; ++i) {
    const double middle = (low + high) / 2;
    (student_t_two_sided_p(middle, df) > p ? low : high) = middle;
  }
  return high;
}

}  // namespace ember::profile

// Student's t distribution, for Welch's test of a difference between two sets of runs.
#pragma once

namespace ember::profile {

// P(|T| >= t) for T with `df` degrees of freedom (df > 0, not necessarily whole).
double student_t_two_sided_p(double t, double df);

// The t with P(|T| >= t) = 1 - confidence: the half-width of a `confidence` interval in
// standard errors. `confidence` lies in (0, 1).
double student_t_critical(double confidence, double df);

}  // namespace ember::profile

// Work that repeats with a fixed period: phase_a and phase_b each spin for PHASE_MICROS of the
// monotonic clock, one after the other, with deadlines on a fixed grid so the period never
// drifts. By construction each phase takes half the CPU time. A sampler whose clock fires at a
// multiple of the period (2 * PHASE_MICROS) sees the same phase every time unless it shifts its
// phase now and then.
// Usage: periodic_phases SECONDS PHASE_MICROS
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long long monotonic_nanos(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static volatile unsigned long sink;

// Spins until the clock reaches `deadline`, mostly in this function's own code (a short spin
// between clock reads) so samples land here rather than in the vDSO.
static inline __attribute__((always_inline)) void spin_until(long long deadline) {
  while (monotonic_nanos() < deadline) {
    for (int i = 0; i < 500; ++i) sink = sink * 6364136223846793005UL + 1;
  }
}

__attribute__((noinline)) void phase_a(long long deadline) {
  spin_until(deadline);
}

__attribute__((noinline)) void phase_b(long long deadline) {
  spin_until(deadline);
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: periodic_phases SECONDS PHASE_MICROS\n");
    return 2;
  }
  const long long phase = atoll(argv[2]) * 1000LL;
  const long long end = monotonic_nanos() + (long long)(atof(argv[1]) * 1e9);
  long long deadline = monotonic_nanos();
  while (deadline < end) {
    phase_a(deadline += phase);
    phase_b(deadline += phase);
  }
  return 0;
}

// A CPU-bound loop whose cost is proportional to `units`, inlined into each caller so the
// sampled pc lies in the caller itself.
#pragma once

#define SPIN_ITERATIONS_PER_UNIT 200000UL

static volatile unsigned long spin_sink;

static inline __attribute__((always_inline)) void spin(unsigned long units) {
  unsigned long value = spin_sink;
  for (unsigned long i = 0; i < units * SPIN_ITERATIONS_PER_UNIT; ++i) {
    value = value * 6364136223846793005UL + 1442695040888963407UL;
    __asm__ volatile("" : "+r"(value));  // keep the loop: no closed form, no vectorizing
  }
  spin_sink = value;
}

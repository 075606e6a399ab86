// Known allocator load, in one thread: churn_two and churn_one replace random live heap blocks
// by new ones of mixed sizes, so nearly all their time is in malloc and free (and the page
// faults and brk calls those make); they take 2:1 of their CPU time. malloc_pool_take, named
// like an allocator function but only computing, takes as much as churn_one. Shares of the
// thread's CPU: churn_two 50%, churn_one 25%, malloc_pool_take 25%.
// Usage: alloc_churn [SECONDS (0 = forever)]
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "spin.h"

#define SLOTS 4096
#define BATCH 1024  // replacements between clock reads: ~100 us, so the clock costs little

static void* slots[SLOTS];
static unsigned long random_state = 88172645463325252UL;

static double clock_seconds(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

// A macro, not a function: the churning functions must call malloc and free themselves, so
// that they, not a shared helper, are the callers a profile shows. Sizes run from 16 B to
// 4 KiB, and one in 64 is 256 KiB (past the initial mmap threshold).
#define CHURN_BATCH()                                                                  \
  for (int i = 0; i < BATCH; ++i) {                                                    \
    random_state ^= random_state << 13;                                                \
    random_state ^= random_state >> 7;                                                 \
    random_state ^= random_state << 17;                                                \
    const unsigned long slot = random_state % SLOTS;                                   \
    free(slots[slot]);                                                                 \
    const size_t size =                                                                \
        (random_state >> 20) % 64 == 0 ? 256 << 10 : 16 + (random_state >> 32) % 4080; \
    char* block = malloc(size);                                                        \
    block[0] = (char)i;                                                                \
    slots[slot] = block;                                                               \
  }

__attribute__((noinline)) void churn_two(double seconds) {
  const double end = clock_seconds(CLOCK_THREAD_CPUTIME_ID) + seconds;
  do {
    CHURN_BATCH();
  } while (clock_seconds(CLOCK_THREAD_CPUTIME_ID) < end);
}

__attribute__((noinline)) void churn_one(double seconds) {
  const double end = clock_seconds(CLOCK_THREAD_CPUTIME_ID) + seconds;
  do {
    CHURN_BATCH();
  } while (clock_seconds(CLOCK_THREAD_CPUTIME_ID) < end);
}

__attribute__((noinline)) void malloc_pool_take(double seconds) {
  const double end = clock_seconds(CLOCK_THREAD_CPUTIME_ID) + seconds;
  do spin(1);
  while (clock_seconds(CLOCK_THREAD_CPUTIME_ID) < end);
}

int main(int argc, char** argv) {
  const double run_seconds = argc > 1 ? atof(argv[1]) : 0;
  printf("%d\n", getpid());
  fflush(stdout);
  const double end = clock_seconds(CLOCK_MONOTONIC) + run_seconds;
  while (run_seconds == 0 || clock_seconds(CLOCK_MONOTONIC) < end) {
    churn_two(0.02);
    churn_one(0.01);
    malloc_pool_take(0.01);
  }
  return 0;
}

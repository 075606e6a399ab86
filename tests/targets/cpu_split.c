// Known CPU split: work_three, work_two and work_one take 3:2:1 of the CPU (50%, 33.3%, 16.7%),
// in every thread. Usage: cpu_split [SECONDS (0 = forever)] [THREADS]
// WORK_TWO_UNITS (default 2) sets work_two's cost: the diff tests build a 1.5x variant (3).
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "spin.h"

#ifndef WORK_TWO_UNITS
#define WORK_TWO_UNITS 2
#endif

static double run_seconds;

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

__attribute__((noinline)) void work_three(void) { spin(3); }
__attribute__((noinline)) void work_two(void) { spin(WORK_TWO_UNITS); }
__attribute__((noinline)) void work_one(void) { spin(1); }

static void* worker(void* unused) {
  (void)unused;
  const double end = now() + run_seconds;
  while (run_seconds == 0 || now() < end) {
    work_three();
    work_two();
    work_one();
  }
  return NULL;
}

int main(int argc, char** argv) {
  run_seconds = argc > 1 ? atof(argv[1]) : 0;
  int threads = argc > 2 ? atoi(argv[2]) : 2;
  printf("%d\n", getpid());
  fflush(stdout);
  pthread_t ids[64];
  if (threads < 1 || threads > 64) threads = 2;
  for (int i = 0; i < threads; ++i) pthread_create(&ids[i], NULL, worker, NULL);
  for (int i = 0; i < threads; ++i) pthread_join(ids[i], NULL);
  return 0;
}

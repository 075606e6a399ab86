// One image of a program that execs another: spends SECONDS of CPU in WORK(), writes the CPU
// time it measured (seconds, thread CPU clock) to OUT, then, if a command follows, execs it.
// Built twice with only WORK's name changed, so both images have the same code at the same
// addresses: a sample resolved against the wrong image's maps gets the other image's name.
//   exec_image SECONDS OUT [NEXT ARGS...]
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "spin.h"

static double thread_cpu_seconds(void) {
  struct timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return (double)now.tv_sec + (double)now.tv_nsec / 1e9;
}

__attribute__((noinline)) void WORK(double seconds) {
  const double start = thread_cpu_seconds();
  while (thread_cpu_seconds() - start < seconds) spin(5);
}

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s SECONDS OUT [NEXT ARGS...]\n", argv[0]);
    return 2;
  }
  const double start = thread_cpu_seconds();
  WORK(atof(argv[1]));
  FILE* out = fopen(argv[2], "w");
  if (!out) return 1;
  fprintf(out, "%f\n", thread_cpu_seconds() - start);
  fclose(out);
  if (argc > 3) {
    execv(argv[3], argv + 3);
    perror("execv");
    return 1;
  }
  return 0;
}

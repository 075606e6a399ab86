// Functions whose symbol names are not valid UTF-8 (any bytes can be a symbol): hot_\xff takes
// twice the CPU of hot_\xfe, and the program measures that itself; its thread is named
// "odd_\xff". Built without DWARF, so the names come from the symbol table as they are.
// Usage: odd_names CPU_SECONDS RESULT_FILE: runs until the two functions have had CPU_SECONDS
// of CPU (so a loaded machine changes how long it takes, not how many samples it gets); prints
// its PID, writes "FF_NANOS FE_NANOS" at the end.
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include "spin.h"

__attribute__((noinline)) void hot_ff(void) __asm__("hot_\xff");
__attribute__((noinline)) void hot_fe(void) __asm__("hot_\xfe");
__attribute__((noinline)) void hot_ff(void) {
  spin(2);
}
__attribute__((noinline)) void hot_fe(void) {
  spin(1);
}

static long long nanos(clockid_t clock) {
  struct timespec t;
  clock_gettime(clock, &t);
  return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int main(int argc, char** argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: odd_names CPU_SECONDS RESULT_FILE\n");
    return 2;
  }
  prctl(PR_SET_NAME, "odd_\xff");
  printf("%d\n", getpid());
  fflush(stdout);
  const long long cpu = (long long)(atof(argv[1]) * 1e9);
  long long ff = 0, fe = 0;
  while (ff + fe < cpu) {
    long long t0 = nanos(CLOCK_THREAD_CPUTIME_ID);
    hot_ff();
    long long t1 = nanos(CLOCK_THREAD_CPUTIME_ID);
    hot_fe();
    ff += t1 - t0;
    fe += nanos(CLOCK_THREAD_CPUTIME_ID) - t1;
  }
  FILE* out = fopen(argv[2], "w");
  if (!out) return 1;
  fprintf(out, "%lld %lld\n", ff, fe);
  return fclose(out) == 0 ? 0 : 1;
}

// Known memory growth for --pid: grow_heap grows the heap (malloc of blocks under the mmap
// threshold, each touched, so brk and page faults), map_memory maps anonymous memory with mmap
// and writes every page; both keep what they got. A quiet function, idle_loop, only sleeps.
// Prints its PID once running, then grows by STEP_MIB every 100 ms per function for SECONDS.
// Usage: memory_growth [SECONDS (default 60)] [STEP_MIB (default 2)]
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

__attribute__((noinline)) void grow_heap(size_t bytes) {
  for (size_t done = 0; done < bytes; done += 4096) {
    // Under the mmap threshold: from the heap, by brk. Written here, not by memset, so the
    // page faults happen in this function.
    volatile char* block = malloc(4000);
    for (size_t i = 0; i < 4000; i += 64) block[i] = 1;
  }
}

__attribute__((noinline)) void map_memory(size_t bytes) {
  volatile char* region = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (region == MAP_FAILED) return;
  for (size_t page = 0; page < bytes; page += 4096) region[page] = 1;
}

__attribute__((noinline)) void idle_loop(void) {
  const struct timespec pause = {0, 100 * 1000 * 1000};
  nanosleep(&pause, NULL);
}

int main(int argc, char** argv) {
  const int seconds = argc > 1 ? atoi(argv[1]) : 60;
  const size_t step = (size_t)(argc > 2 ? atoi(argv[2]) : 2) << 20;
  printf("%d\n", getpid());
  fflush(stdout);
  for (int i = 0; i < seconds * 10; ++i) {
    grow_heap(step);
    map_memory(step);
    idle_loop();
  }
  return 0;
}

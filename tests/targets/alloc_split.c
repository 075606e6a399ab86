// Known allocations for allocation sampling: allocate_three allocates three times the bytes of
// allocate_one, in blocks of mixed sizes (16 B to 16 KiB, and one in 512 of 128 to 512 KiB),
// each freed at once. Prints the true totals of each function when done, as
// "allocate_one bytes=N objects=M", and the time the allocating took as "seconds=S".
// Usage: alloc_split [MIB_FOR_ALLOCATE_ONE (default 1024)]
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

struct totals {
  unsigned long long bytes, objects;
};

static unsigned long random_state = 88172645463325252UL;

static size_t next_size(void) {
  random_state ^= random_state << 13;
  random_state ^= random_state >> 7;
  random_state ^= random_state << 17;
  if (random_state % 512 == 0) return 128 * 1024 + random_state % (384 * 1024);
  return 16 + random_state % (16 * 1024);
}

// Inlined into both callers below, so each of them is the caller of malloc a profile shows.
static inline __attribute__((always_inline)) void allocate(struct totals* t,
                                                           unsigned long long bytes, char mark) {
  while (t->bytes < bytes) {
    const size_t size = next_size();
    char* volatile block = malloc(size);
    block[0] = mark;
    free(block);
    t->bytes += size;
    t->objects += 1;
  }
}

// Not inlined: each must be the caller of malloc that a profile shows.
__attribute__((noinline)) void allocate_one(struct totals* t, unsigned long long bytes) {
  allocate(t, bytes, 1);
}

__attribute__((noinline)) void allocate_three(struct totals* t, unsigned long long bytes) {
  allocate(t, bytes, 3);
}

int main(int argc, char** argv) {
  const unsigned long long mib = argc > 1 ? strtoull(argv[1], NULL, 10) : 1024;
  struct totals one = {0, 0}, three = {0, 0};
  // Interleaved in slices, so both see the same sizes and the same conditions.
  const unsigned long long slice = 16ull << 20;
  struct timespec start, end;
  clock_gettime(CLOCK_MONOTONIC, &start);
  for (unsigned long long done = 0; done < mib << 20; done += slice) {
    allocate_one(&one, done + slice);
    allocate_three(&three, 3 * (done + slice));
  }
  clock_gettime(CLOCK_MONOTONIC, &end);
  printf("seconds=%.6f\n", (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9);
  printf("allocate_one bytes=%llu objects=%llu\n", one.bytes, one.objects);
  printf("allocate_three bytes=%llu objects=%llu\n", three.bytes, three.objects);
  return 0;
}

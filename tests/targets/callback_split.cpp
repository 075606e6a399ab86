// Three call paths whose CPU time the program measures itself (per-thread CPU clock) and
// writes as JSON when it ends, so a profile can be checked against it:
//   main -> run_direct -> spin_direct                                   (our code only)
//   main -> run_qsort -> qsort (libc) -> compare_in_qsort               (callback from libc)
//   main -> run_std_sort -> std::sort (libstdc++ templates) -> compare_in_std_sort
// Built without frame pointers, only DWARF CFI can walk from the callbacks back to main.
// It also writes its own wall time, for benchmarks of the profiler's overhead.
// Usage: callback_split SECONDS OUT.json [--iterations N]  (N rounds instead of SECONDS)
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

extern "C" {
#include "spin.h"
}

namespace {

constexpr int kElements = 512;

int64_t thread_cpu_nanos() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1'000'000'000LL + t.tv_nsec;
}

double monotonic_seconds() {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

std::vector<int> shuffled_values() {
  std::vector<int> values(kElements);
  unsigned state = 12345;
  for (int& value : values) value = static_cast<int>((state = state * 1103515245u + 12345u) >> 8);
  return values;
}

}  // namespace

extern "C" __attribute__((noinline)) int compare_in_qsort(const void* a, const void* b) {
  for (volatile int i = 0; i < 200; i = i + 1) {
  }
  const int x = *static_cast<const int*>(a), y = *static_cast<const int*>(b);
  return (x > y) - (x < y);
}

__attribute__((noinline)) bool compare_in_std_sort(int x, int y) {
  for (volatile int i = 0; i < 200; i = i + 1) {
  }
  return x < y;
}

__attribute__((noinline)) void spin_direct() {
  spin(1);
}

volatile int calls_done;

// Each run_* does something after its call, so the call is not a tail call and run_* stays on
// the stack.
__attribute__((noinline)) void run_direct() {
  spin_direct();
  calls_done = calls_done + 1;
}

__attribute__((noinline)) void run_qsort() {
  std::vector<int> values = shuffled_values();
  qsort(values.data(), values.size(), sizeof(int), compare_in_qsort);
}

__attribute__((noinline)) void run_std_sort() {
  std::vector<int> values = shuffled_values();
  std::sort(values.begin(), values.end(), compare_in_std_sort);
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: callback_split SECONDS OUT.json [--iterations N]\n");
    return 2;
  }
  const double seconds = std::atof(argv[1]);
  const long iterations =
      argc > 4 && std::strcmp(argv[3], "--iterations") == 0 ? std::atol(argv[4]) : 0;
  int64_t spent[3] = {0, 0, 0};
  void (*paths[3])() = {run_direct, run_qsort, run_std_sort};
  const double started = monotonic_seconds();
  const double end = started + seconds;
  for (long round = 0; iterations ? round < iterations : monotonic_seconds() < end; ++round) {
    for (int path = 0; path < 3; ++path) {
      const int64_t start = thread_cpu_nanos();
      paths[path]();
      spent[path] += thread_cpu_nanos() - start;
    }
  }
  const double wall_seconds = monotonic_seconds() - started;
  FILE* out = std::fopen(argv[2], "w");
  if (!out) return 1;
  std::fprintf(out,
               "{\"run_direct\": %lld, \"run_qsort\": %lld, \"run_std_sort\": %lld, "
               "\"wall_seconds\": %.6f}\n",
               static_cast<long long>(spent[0]), static_cast<long long>(spent[1]),
               static_cast<long long>(spent[2]), wall_seconds);
  std::fclose(out);
  return 0;
}

/* The allocation sampler `ember record --mode alloc -- CMD` preloads into the command
 * (LD_PRELOAD): it wraps the malloc family and picks allocations by bytes, as tcmalloc and Go
 * do: the sampled bytes form a Poisson process of mean EMBER_ALLOC_SAMPLE_BYTES (exponential
 * gaps), so an allocation of size s is picked with probability 1 - exp(-s / mean), whatever
 * the sizes around it, and ember weighs each pick by the inverse of that probability.
 *
 * The fast path is a thread-local subtraction. A pick makes one marker system call,
 * getppid(EMBER_ALLOC_MARKER, size, mean), where ember's BPF program on sys_enter captures the
 * thread's stacks as it captures every other sample; without ember it is a harmless getppid.
 *
 * Bounded cost: a report costs microseconds (the system call and ember's stack capture in it,
 * then as much again in ember, which unwinds and symbolizes it), so a program allocating
 * gigabytes per second would spend much of its time reporting. Threads time their reports and
 * add them up for the whole process; window by window the process's mean is scaled so that
 * reporting stays near half of EMBER_ALLOC_MAX_OVERHEAD of one CPU, however many threads
 * allocate, never below the configured mean. Each pick carries the mean its gap was drawn
 * with, so the estimates stay unbiased; only their variance grows where the mean had to.
 * Written in C, without libstdc++, so it loads into any program; memory comes from glibc's own
 * allocator (__libc_malloc...), so free, malloc_usable_size and the rest need no wrapping. */
#define _GNU_SOURCE /* gettid */
#include <errno.h>
#include <math.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ember_abi.h"

#define EXPORT __attribute__((visibility("default")))
#define THREAD_STATE static __thread __attribute__((tls_model("initial-exec")))

extern void* __libc_malloc(size_t size);
extern void* __libc_calloc(size_t count, size_t size);
extern void* __libc_realloc(void* pointer, size_t size);
extern void* __libc_memalign(size_t alignment, size_t size);
extern void* __libc_valloc(size_t size);
extern void* __libc_pvalloc(size_t size);

#define WINDOW_NS 20000000ull   /* how often the process revisits its mean: 20 ms */
#define MAX_MEAN_FACTOR 65536.0 /* the mean grows at most to this many times the configured */
#define MAX_REPORT_NS 50000ull  /* a report timed longer was preempted: count it as this */

/* Until the constructor reads the environment: */
static double configured_mean = 512 * 1024;
static double max_overhead = 0.02; /* share of one CPU for reports; 0: no limit */

/* The process's: the mean new gaps are drawn with (a double's bits, 0 for the configured one),
 * and the cost window. Touched on the slow path only. */
static _Atomic uint64_t shared_mean_bits;
static _Atomic uint64_t window_start_ns;
static _Atomic uint64_t window_report_ns; /* time all threads spent reporting in the window */

THREAD_STATE int64_t bytes_until_sample; /* 0 or less: take the slow path */
THREAD_STATE uint64_t random_state;      /* 0 until this thread's first allocation */
THREAD_STATE double gap_mean;            /* the mean this thread's current gap was drawn with */

__attribute__((constructor)) static void read_environment(void) {
  const char* text = getenv("EMBER_ALLOC_SAMPLE_BYTES");
  const double mean = text ? strtod(text, NULL) : 0;
  if (mean >= 1) configured_mean = mean;
  text = getenv("EMBER_ALLOC_MAX_OVERHEAD");
  const double overhead = text ? strtod(text, NULL) : -1;
  if (overhead >= 0 && overhead < 1) max_overhead = overhead;
}

static uint64_t now_ns(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (uint64_t)now.tv_sec * 1000000000ull + (uint64_t)now.tv_nsec;
}

static double shared_mean(void) {
  const uint64_t bits = atomic_load_explicit(&shared_mean_bits, memory_order_relaxed);
  double mean = configured_mean;
  if (bits) memcpy(&mean, &bits, sizeof mean);
  return mean;
}

static void set_shared_mean(double mean) {
  uint64_t bits;
  memcpy(&bits, &mean, sizeof bits);
  atomic_store_explicit(&shared_mean_bits, bits, memory_order_relaxed);
}

/* xorshift64*: good enough for exponential gaps, and allocation-free. */
static uint64_t next_random(void) {
  random_state ^= random_state >> 12;
  random_state ^= random_state << 25;
  random_state ^= random_state >> 27;
  return random_state * 0x2545F4914F6CDD1DULL;
}

/* Bytes to the next sample point: exponential with the process's mean, which it remembers. */
static int64_t next_gap(void) {
  gap_mean = shared_mean();
  const double uniform = ((next_random() >> 11) + 1) * 0x1.0p-53; /* in (0, 1] */
  return (int64_t)(-log(uniform) * gap_mean) + 1;
}

static void report(size_t size) {
  long result;
  register long mean __asm__("rdx") = (long)gap_mean;
  __asm__ volatile("syscall"
                   : "=a"(result)
                   : "0"((long)110 /* getppid */), "D"(EMBER_ALLOC_MARKER), "S"(size), "r"(mean)
                   : "rcx", "r11", "memory");
  (void)result;
}

/* Adds a report's cost to the window; at the window's end (one thread closes it), scales the
 * mean by how far reporting was from half the budget (its cost per sampled byte being about
 * constant, that lands near half the budget), at most 8x either way per window. A window ends
 * early once it has spent its whole budget, so that a program starting at a high rate settles
 * within a few milliseconds. Gaps already drawn keep their mean: each stays exponential with
 * the mean it reports. */
static void account_report(uint64_t now, uint64_t cost) {
  const uint64_t spent = atomic_fetch_add(&window_report_ns, cost) + cost;
  uint64_t start = atomic_load(&window_start_ns);
  if (start == 0) { /* the process's first report opens the first window */
    atomic_compare_exchange_strong(&window_start_ns, &start, now);
    return;
  }
  const uint64_t elapsed = now > start ? now - start : 1;
  if (elapsed < WINDOW_NS && spent <= max_overhead * WINDOW_NS) return;
  if (!atomic_compare_exchange_strong(&window_start_ns, &start, now)) return; /* closed already */
  const uint64_t window_spent = atomic_exchange(&window_report_ns, 0);
  double factor = (double)window_spent / (double)elapsed / (max_overhead / 2);
  factor = fmin(fmax(factor, 1 / 8.0), 8.0);
  set_shared_mean(
      fmin(fmax(shared_mean() * factor, configured_mean), configured_mean * MAX_MEAN_FACTOR));
}

/* The slow path: this thread's first allocation, or a sample point fell inside this one. */
__attribute__((noinline)) static void sample_slow(size_t size) {
  if (random_state == 0) {
    random_state = ((uint64_t)gettid() << 32) ^ now_ns() ^ (uintptr_t)&size;
    if (random_state == 0) random_state = 1;
    bytes_until_sample = next_gap() - (int64_t)size;
    if (bytes_until_sample > 0) return;
  }
  if (max_overhead > 0) {
    const uint64_t before = now_ns();
    report(size);
    const uint64_t after = now_ns();
    account_report(after, after - before < MAX_REPORT_NS ? after - before : MAX_REPORT_NS);
  } else {
    report(size);
  }
  bytes_until_sample = next_gap(); /* memoryless: the next point counts from here */
}

static inline void note(size_t size) {
  if (size == 0) return;
  bytes_until_sample -= (int64_t)size;
  if (__builtin_expect(bytes_until_sample <= 0, 0)) sample_slow(size);
}

EXPORT void* malloc(size_t size) {
  note(size);
  return __libc_malloc(size);
}

EXPORT void* calloc(size_t count, size_t size) {
  size_t total;
  if (!__builtin_mul_overflow(count, size, &total)) note(total);
  return __libc_calloc(count, size);
}

EXPORT void* realloc(void* pointer, size_t size) {
  note(size);
  return __libc_realloc(pointer, size);
}

EXPORT void* memalign(size_t alignment, size_t size) {
  note(size);
  return __libc_memalign(alignment, size);
}

EXPORT void* aligned_alloc(size_t alignment, size_t size) {
  return memalign(alignment, size);
}

EXPORT int posix_memalign(void** result, size_t alignment, size_t size) {
  if (alignment % sizeof(void*) != 0 || (alignment & (alignment - 1)) != 0) return EINVAL;
  void* memory = memalign(alignment, size);
  if (!memory && size) return ENOMEM;
  *result = memory;
  return 0;
}

EXPORT void* valloc(size_t size) {
  note(size);
  return __libc_valloc(size);
}

EXPORT void* pvalloc(size_t size) {
  note(size);
  return __libc_pvalloc(size);
}

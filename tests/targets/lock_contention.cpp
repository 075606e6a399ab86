// Known lock contention: four "contender" threads fight over one global std::mutex
// (ledger_mutex), each holding it for about 2 ms in update_ledger, while a condition variable
// passes work from "cv_signaler" to "cv_waiter" every 5 ms (waits for an event, not
// contention). Each contender measures its own wait around lock(); at the end the sum and
// count go to RESULT_FILE as "wait_ns=N waits=M cpu_ns=C", C being the process's CPU time.
// Usage: lock_contention SECONDS RESULT_FILE [--no-contention]
// --no-contention: one contender and no condition variable, so nothing ever waits for a lock.
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

#include "spin.h"

using Clock = std::chrono::steady_clock;

std::mutex ledger_mutex;
std::atomic<long long> total_wait_ns{0};
std::atomic<long long> total_waits{0};

std::mutex queue_mutex;
std::condition_variable queue_ready;
bool queue_has_work = false;

// Holds ledger_mutex while it works: the holder every waiter waits for.
__attribute__((noinline)) void update_ledger() {
  const auto before = Clock::now();
  ledger_mutex.lock();
  const auto waited = Clock::now() - before;
  total_wait_ns += std::chrono::duration_cast<std::chrono::nanoseconds>(waited).count();
  ++total_waits;
  spin(2);
  ledger_mutex.unlock();
  __asm__ volatile("" ::: "memory");  // no tail call: unlock's wake stays under update_ledger
}

__attribute__((noinline)) void prepare_entry() {
  spin(1);
}

void contender(Clock::time_point end) {
  pthread_setname_np(pthread_self(), "contender");
  while (Clock::now() < end) {
    prepare_entry();
    update_ledger();
  }
}

__attribute__((noinline)) void wait_for_work(Clock::time_point end) {
  std::unique_lock lock(queue_mutex);
  while (!queue_has_work && Clock::now() < end)
    queue_ready.wait_until(lock, end + std::chrono::milliseconds(100));
  queue_has_work = false;
}

void cv_waiter(Clock::time_point end) {
  pthread_setname_np(pthread_self(), "cv_waiter");
  while (Clock::now() < end) wait_for_work(end);
}

void cv_signaler(Clock::time_point end) {
  pthread_setname_np(pthread_self(), "cv_signaler");
  while (Clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    {
      std::lock_guard lock(queue_mutex);
      queue_has_work = true;
    }
    queue_ready.notify_one();
  }
  std::lock_guard lock(queue_mutex);
  queue_has_work = true;
  queue_ready.notify_one();
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: lock_contention SECONDS RESULT_FILE [--no-contention]\n");
    return 2;
  }
  const bool contention = !(argc > 3 && std::strcmp(argv[3], "--no-contention") == 0);
  std::printf("%d\n", getpid());
  std::fflush(stdout);
  const auto end =
      Clock::now() + std::chrono::milliseconds(static_cast<long>(std::atof(argv[1]) * 1000));
  std::vector<std::thread> threads;
  for (int i = 0; i < (contention ? 4 : 1); ++i) threads.emplace_back(contender, end);
  if (contention) {
    threads.emplace_back(cv_waiter, end);
    threads.emplace_back(cv_signaler, end);
  }
  // Sleep rather than join, so the main thread's own wait is no futex wait during the run.
  std::this_thread::sleep_until(end + std::chrono::milliseconds(50));
  for (auto& thread : threads) thread.join();
  FILE* out = std::fopen(argv[2], "w");
  if (!out) return 1;
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const long long cpu_ns = (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1'000'000'000LL +
                           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1'000LL;
  std::fprintf(out, "wait_ns=%lld waits=%lld cpu_ns=%lld\n", total_wait_ns.load(),
               total_waits.load(), cpu_ns);
  return std::fclose(out) == 0 ? 0 : 1;
}

// Two threads bouncing one byte through two pipes: every hop is a context switch, the worst case
// for off-CPU profiling. Usage: pingpong ROUNDS. Prints its PID, waits one second so profilers
// can attach, then bounces ROUNDS round trips and prints the seconds they took.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static int ping[2], pong[2];
static long rounds;

static double now_seconds(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}

__attribute__((noinline)) static void bounce(int in, int out) {
  char byte = 0;
  if (read(in, &byte, 1) != 1 || write(out, &byte, 1) != 1) exit(1);
}

static void* answerer(void* unused) {
  (void)unused;
  for (long i = 0; i < rounds; ++i) bounce(ping[0], pong[1]);
  return NULL;
}

int main(int argc, char** argv) {
  rounds = argc > 1 ? atol(argv[1]) : 100000;
  if (pipe(ping) != 0 || pipe(pong) != 0) return 1;
  printf("%d\n", getpid());
  fflush(stdout);
  sleep(1);
  pthread_t thread;
  if (pthread_create(&thread, NULL, answerer, NULL) != 0) return 1;
  const double start = now_seconds();
  for (long i = 0; i < rounds; ++i) {
    if (write(ping[1], "x", 1) != 1) return 1;
    char byte;
    if (read(pong[0], &byte, 1) != 1) return 1;
  }
  const double seconds = now_seconds() - start;
  pthread_join(thread, NULL);
  printf("%.6f\n", seconds);
  return 0;
}

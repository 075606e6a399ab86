// Threads with known waiting behaviour, for off-CPU and wall-clock profiles:
//   sleeper      sleeps in nanosleep all the time (sleeper_loop -> sleep_a_while)
//   pipe_reader  blocks reading a pipe (reader_loop -> read_one_message)
//   pipe_writer  writes one byte to that pipe every 100 ms, sleeping in between
//   busy         never waits (busy_loop)
// Usage: offcpu_threads SECONDS. Prints its PID once every thread runs.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "spin.h"

static int message_pipe[2];

__attribute__((noinline)) static void sleep_a_while(long millis) {
  struct timespec pause = {.tv_sec = millis / 1000, .tv_nsec = (millis % 1000) * 1000000L};
  nanosleep(&pause, NULL);
}

__attribute__((noinline)) static void* sleeper_loop(void* unused) {
  (void)unused;
  for (;;) sleep_a_while(50);
  return NULL;
}

__attribute__((noinline)) static int read_one_message(void) {
  char byte;
  return read(message_pipe[0], &byte, 1) == 1;
}

__attribute__((noinline)) static void* reader_loop(void* unused) {
  (void)unused;
  while (read_one_message()) {
  }
  return NULL;
}

__attribute__((noinline)) static void* writer_loop(void* unused) {
  (void)unused;
  for (;;) {
    sleep_a_while(100);
    if (write(message_pipe[1], "x", 1) != 1) return NULL;
  }
}

__attribute__((noinline)) static void* busy_loop(void* unused) {
  (void)unused;
  for (;;) spin(10);
  return NULL;
}

static void start(void* (*loop)(void*), const char* name) {
  pthread_t thread;
  if (pthread_create(&thread, NULL, loop, NULL) != 0) exit(1);
  pthread_setname_np(thread, name);
}

int main(int argc, char** argv) {
  const long seconds = argc > 1 ? atol(argv[1]) : 10;
  if (pipe(message_pipe) != 0) return 1;
  start(sleeper_loop, "sleeper");
  start(reader_loop, "pipe_reader");
  start(writer_loop, "pipe_writer");
  start(busy_loop, "busy");
  printf("%d\n", getpid());
  fflush(stdout);
  sleep_a_while(seconds * 1000);
  return 0;
}

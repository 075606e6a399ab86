// Spends its time in the kernel: small writes to /dev/null. Usage: syscall_heavy [SECONDS]
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

__attribute__((noinline)) void write_small_blocks(int fd, int count) {
  char block[64] = {0};
  for (int i = 0; i < count; ++i)
    if (write(fd, block, sizeof(block)) < 0) exit(1);
}

int main(int argc, char** argv) {
  const time_t end = time(NULL) + (argc > 1 ? atoi(argv[1]) : 1000000);
  int fd = open("/dev/null", O_WRONLY);
  printf("%d\n", getpid());
  fflush(stdout);
  while (time(NULL) < end) write_small_blocks(fd, 10000);
  return 0;
}

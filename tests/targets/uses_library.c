// Loads a shared library with dlopen after a delay (so after ember attached, when it is
// profiled by PID), then spends its time in the library's hot_in_library().
// Usage: uses_library LIBRARY.so [DELAY_SECONDS] [RUN_SECONDS]
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  printf("%d\n", getpid());
  fflush(stdout);
  usleep((useconds_t)((argc > 2 ? atof(argv[2]) : 0) * 1e6));
  void* library = dlopen(argv[1], RTLD_NOW);
  if (!library) {
    fprintf(stderr, "%s\n", dlerror());
    return 1;
  }
  void (*hot)(void) = (void (*)(void))dlsym(library, "hot_in_library");
  const time_t end = time(NULL) + (argc > 3 ? atoi(argv[3]) : 1000000);
  while (time(NULL) < end) hot();
  return 0;
}

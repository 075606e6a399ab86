// Lives about a third of a second, all of it on the CPU in burn(), called from main().
#include "spin.h"

__attribute__((noinline)) void burn(void) { spin(400); }

int main(void) {
  burn();
  return 0;
}

// A process for the unwinder to unwind from outside: it captures its registers and stack three
// frames deep, writes the capture to stdout and then stays alive (its maps must still be
// readable) until killed.
#include <unistd.h>

#include <cstdio>

#include "captured_stack.h"
#include "frames.h"

int main() {
  ember::unwinder_testing::CapturedStack capture;
  frame_a(&capture);
  if (!ember::unwinder_testing::write_captured(stdout, capture)) return 1;
  for (;;) pause();
}

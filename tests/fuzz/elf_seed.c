// Source of the ELF seeds in corpus/elf_files/ (small, so the fuzzer mutates real headers,
// symbol tables with an invalid UTF-8 name, notes, DWARF with an inlined function, and CFI):
//   L="-Wl,--build-id -Wl,-z,noseparate-code -ffile-prefix-map=$PWD=."
//   gcc -O1 -g -fno-omit-frame-pointer $L -o tiny_g elf_seed.c
//   gcc -O2 -fomit-frame-pointer -s $L -o tiny_stripped elf_seed.c
//   gcc -O2 -g -gdwarf-4 -fPIC -shared $L -o libtiny.so elf_seed.c
//   objcopy --remove-section .comment FILE   (each)
#include <stdio.h>
static inline int square(int x) {
  return x * x;
}
__attribute__((noinline)) int work(int n) {
  int sum = 0;
  for (int i = 0; i < n; ++i) sum += square(i);
  return sum;
}
__attribute__((noinline)) int spin_bad(int n) __asm__("spin_\xff\xfe_bad");
__attribute__((noinline)) int spin_bad(int n) {
  return work(n) + 1;
}
int main(int argc, char** argv) {
  (void)argv;
  printf("%d\n", spin_bad(argc * 1000));
  return 0;
}

// The vDSO: kernel code mapped into every process (clock_gettime, gettimeofday...), hot in
// many services and in no file, so its CFI must come from memory.
#pragma once

#include <libelf.h>

namespace ember::daemon {

// Name the kernel gives the vDSO mapping in /proc/PID/maps.
inline constexpr char kVdsoName[] = "[vdso]";

// An ELF handle on a copy of this process's vDSO, or null. Every x86-64 process on this kernel
// maps the same image, so it also describes a target's vDSO. The copy lives as long as this
// process; the caller owns the handle (elf_end).
Elf* open_vdso_elf();

}  // namespace ember::daemon

// Which frames are memory management: allocators (glibc, jemalloc, tcmalloc, mimalloc,
// pymalloc, Go's mallocgc), garbage collectors (Go, CPython, V8, the JVM) and the kernel's
// page-fault and mmap/brk paths. One table of rules decides, keyed by function name and the
// file of the frame's mapping, so `free` in libc is glibc's while `freelist_push` (or a `free`
// of the program's own) is not.
#pragma once

#include <string_view>

namespace ember::profile {

// What a frame is to the allocator & GC view.
struct FrameRole {
  int category = -1;         // index into alloc_category_names(), -1 when none
  bool wrapper = false;      // a thin layer between callers and memory management (operator new,
                             // syscall entry, Go's systemstack): passed over when looking for the
                             // caller, and no category of its own
  bool interpreter = false;  // the C code of an interpreter whose own frames (Python's) the
                             // profile shows: passed over when such a frame is above it, as
                             // its object constructors are not the code that allocates
};

// `function` as demangled (C++ parameters included), `mapping_file` as the mapping names it
// (a path, or "[kernel.kallsyms]").
FrameRole classify_frame(std::string_view function, std::string_view mapping_file);

}  // namespace ember::profile

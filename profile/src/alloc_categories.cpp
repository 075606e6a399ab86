#include "alloc_categories.h"

#include <array>
#include <vector>

#include "ember/profile/alloc_view.h"

namespace ember::profile {
namespace {

// Indexes into alloc_category_names(), in its order.
enum Category : int {
  kGlibcMalloc,
  kJemalloc,
  kTcmalloc,
  kMimalloc,
  kKernelMemory,
  kGoGc,
  kGoAlloc,
  kCpythonGc,
  kCpythonAlloc,
  kV8,
  kJvm,
  kWrapper,      // not a category: FrameRole::wrapper
  kInterpreter,  // not a category: FrameRole::interpreter
};

// A frame matches a rule when its mapping's file is one of `binaries` (none: any file) and its
// name equals one of `names` or starts with one of `prefixes` (an empty prefix: any name).
// Names are compared without glibc's internal "__GI_" alias prefix and GCC's clone suffixes.
// Rules are tried in order; the first match decides.
struct Rule {
  Category category;
  std::vector<std::string_view> binaries;  // file name stems: "libc" is libc.so.6, libc-2.31.so
  std::vector<std::string_view> names;
  std::vector<std::string_view> prefixes;
};

constexpr std::string_view kKernel = kKernelMappingFile;

const std::vector<Rule>& rules() {
  static const std::vector<Rule> table = {
      // glibc's malloc: only inside libc, where these names cannot be the program's own.
      {kGlibcMalloc,
       {"libc"},
       {"malloc",
        "free",
        "calloc",
        "realloc",
        "reallocarray",
        "cfree",
        "valloc",
        "pvalloc",
        "memalign",
        "aligned_alloc",
        "posix_memalign",
        "__posix_memalign",
        "sysmalloc",
        "sysmalloc_mmap",
        "sysmalloc_mmap_fallback",
        "systrim",
        "mtrim",
        "heap_trim",
        "new_heap",
        "alloc_new_heap",
        "grow_heap",
        "shrink_heap",
        "get_free_list",
        "reused_arena",
        "unlink_chunk",
        "munmap_chunk",
        "mremap_chunk",
        "ptmalloc_init",
        "_mid_memalign",
        "__glibc_morecore",
        "__default_morecore"},
       {"__libc_malloc", "__libc_free", "__libc_calloc", "__libc_realloc", "__libc_memalign",
        "__libc_valloc", "__libc_pvalloc", "__libc_reallocarray", "__malloc_", "_int_", "tcache_",
        "arena_", "malloc_"}},
      // Allocators that replace malloc: everything in their library, and their prefixed
      // names where they are linked statically.
      {kJemalloc, {"libjemalloc"}, {}, {""}},
      {kJemalloc, {}, {}, {"je_"}},
      {kTcmalloc, {"libtcmalloc", "libtcmalloc_minimal", "libtcmalloc_and_profiler"}, {}, {""}},
      {kTcmalloc, {}, {}, {"tcmalloc::"}},
      {kMimalloc, {"libmimalloc"}, {}, {""}},
      {kMimalloc, {}, {}, {"mi_", "_mi_"}},
      // The kernel: page faults (entry, fault handling, zeroing new pages) and the mapping
      // system calls, with the user-space stubs that make them (libc's, Go's).
      {kKernelMemory,
       {kKernel},
       {"asm_exc_page_fault",
        "exc_page_fault",
        "do_user_addr_fault",
        "handle_mm_fault",
        "__handle_mm_fault",
        "handle_pte_fault",
        "do_anonymous_page",
        "do_fault",
        "do_read_fault",
        "do_cow_fault",
        "do_shared_fault",
        "do_wp_page",
        "wp_page_copy",
        "do_huge_pmd_anonymous_page",
        "__do_huge_pmd_anonymous_page",
        "do_huge_pmd_wp_page",
        "clear_huge_page",
        "clear_subpage",
        "folio_zero_user",
        "alloc_anon_folio",
        "do_pte_missing",
        "ksys_mmap_pgoff",
        "vm_mmap_pgoff",
        "do_mmap",
        "mmap_region",
        "__mmap_region",
        "__vm_munmap",
        "do_munmap",
        "__do_munmap",
        "unmap_region",
        "unmap_vmas",
        "unmap_page_range",
        "zap_pte_range",
        "zap_pmd_range",
        "free_pgtables",
        "do_brk_flags",
        "do_madvise",
        "exit_mmap"},
       {"clear_page", "vms_", "do_vmi_", "__x64_sys_mmap", "__x64_sys_munmap", "__x64_sys_brk",
        "__do_sys_brk", "__x64_sys_madvise", "__x64_sys_mremap", "__do_sys_mremap"}},
      {kKernelMemory,
       {"libc"},
       {"mmap", "mmap64", "__mmap", "__mmap64", "munmap", "__munmap", "brk", "__brk", "sbrk",
        "__sbrk", "madvise", "__madvise", "mremap", "__mremap"},
       {}},
      {kKernelMemory,
       {},
       {"runtime.mmap", "runtime.munmap", "runtime.madvise", "runtime.sysMmap",
        "runtime.sysMunmap"},
       {"runtime.sysAlloc", "runtime.sysFree", "runtime.sysUnused", "runtime.sysUsed",
        "runtime.sysHugePage", "runtime.sysFault", "runtime.sysReserve", "runtime.sysMap"}},
      // Go's runtime: the collector (marking, sweeping, scavenging, write barriers) before
      // the allocator, whose mheap methods it shares a prefix with.
      {kGoGc,
       {},
       {},
       {"runtime.gcBgMarkWorker",
        "runtime.gcDrain",
        "runtime.gcAssist",
        "runtime.gcMark",
        "runtime.gcStart",
        "runtime.gcSweep",
        "runtime.gcWriteBarrier",
        "runtime.gcFlushBgCredit",
        "runtime.gcResetMarkState",
        "runtime.gcParkAssist",
        "runtime.gcBgMarkStartWorkers",
        "runtime.gcenable",
        "runtime.(*gcWork).",
        "runtime.(*gcControllerState).",
        "runtime.scanobject",
        "runtime.scanblock",
        "runtime.scanstack",
        "runtime.scanframeworker",
        "runtime.scanConservative",
        "runtime.markroot",
        "runtime.greyobject",
        "runtime.shade",
        "runtime.findObject",
        "runtime.wbBuf",
        "runtime.bulkBarrier",
        "runtime.bgsweep",
        "runtime.sweepone",
        "runtime.(*mspan).sweep",
        "runtime.(*sweepLocked).sweep",
        "runtime.(*sweepLocker).",
        "runtime.deductSweepCredit",
        "runtime.finishsweep_m",
        "runtime.bgscavenge",
        "runtime.(*scavengerState).",
        "runtime.(*pageAlloc).scavenge",
        "runtime.(*mheap).reclaim"}},
      {kGoAlloc,
       {},
       {},
       {"runtime.mallocgc",
        "runtime.newobject",
        "runtime.newarray",
        "runtime.makeslice",
        "runtime.growslice",
        "runtime.makemap",
        "runtime.makechan",
        "runtime.rawstring",
        "runtime.rawbyteslice",
        "runtime.rawruneslice",
        "runtime.convT",
        "runtime.nextFreeFast",
        "runtime.heapBitsSetType",
        "runtime.(*mcache).",
        "runtime.(*mcentral).",
        "runtime.(*mheap).",
        "runtime.(*mspan).nextFreeIndex",
        "runtime.(*pageAlloc).",
        "runtime.(*fixalloc).",
        "runtime.persistentalloc"}},
      // CPython: names with the interpreter's prefixes anywhere; its collector's short static
      // names only inside the interpreter.
      {kCpythonGc, {}, {}, {"_PyObject_GC_", "PyObject_GC_", "_PyGC_", "PyGC_", "_Py_RunGC"}},
      {kCpythonGc,
       {"python3", "libpython3"},
       {"collect", "update_refs", "subtract_refs", "move_unreachable", "visit_decref",
        "visit_reachable", "deduce_unreachable", "move_legacy_finalizers",
        "move_legacy_finalizer_reachable", "handle_weakrefs", "handle_legacy_finalizers",
        "finalize_garbage", "delete_garbage", "invoke_gc_callback"},
       {"gc_collect"}},
      {kCpythonAlloc,
       {},
       {},
       {"_PyObject_Malloc", "_PyObject_Calloc", "_PyObject_Realloc", "_PyObject_Free",
        "PyObject_Malloc", "PyObject_Calloc", "PyObject_Realloc", "PyObject_Free", "PyMem_",
        "_PyMem_", "pymalloc_"}},
      {kCpythonAlloc,
       {"python3", "libpython3"},
       {"allocate_from_new_pool", "insert_to_usedpool", "insert_to_freepool", "new_arena"},
       {}},
      // V8 (node, Chromium): its heap, both collectors and the allocation slow paths.
      {kV8,
       {},
       {},
       {"v8::internal::Heap::",
        "v8::internal::Scavenger",
        "v8::internal::MarkCompactCollector",
        "v8::internal::MinorMarkCompactCollector",
        "v8::internal::MinorMarkSweepCollector",
        "v8::internal::ConcurrentMarking",
        "v8::internal::IncrementalMarking",
        "v8::internal::MarkingVisitorBase",
        "v8::internal::MainMarkingVisitor",
        "v8::internal::MarkingWorklists",
        "v8::internal::MarkingBarrier",
        "v8::internal::Sweeper",
        "v8::internal::GCTracer",
        "v8::internal::MemoryAllocator",
        "v8::internal::HeapAllocator",
        "v8::internal::PagedSpace",
        "v8::internal::NewSpace",
        "v8::internal::SemiSpace",
        "v8::internal::LargeObjectSpace",
        "v8::internal::Evacuator",
        "v8::internal::FullEvacuator",
        "v8::internal::EvacuateVisitorBase",
        "v8::internal::PointersUpdatingVisitor",
        "v8::internal::RecordMigratedSlotVisitor",
        "v8::internal::ArrayBufferSweeper",
        "v8::internal::Runtime_AllocateIn",
        "v8::internal::Runtime_CollectGarbage",
        "cppgc::internal::"}},
      // HotSpot: the collectors' classes (G1, Parallel, Serial, Shenandoah, Z) and the
      // allocation slow paths, inside libjvm only.
      {kJvm,
       {"libjvm"},
       {},
       {"G1",
        "PS",
        "Shenandoah",
        "ZHeap",
        "ZMark",
        "ZRelocate",
        "ZDriver",
        "ZCollectedHeap",
        "ZBarrier",
        "ZPageAllocator",
        "ZObjectAllocator",
        "ZGeneration",
        "ZWorkers",
        "CollectedHeap::",
        "GenCollectedHeap::",
        "SerialHeap::",
        "ParallelScavengeHeap::",
        "DefNewGeneration::",
        "TenuredGeneration::",
        "MarkSweep::",
        "CardTableBarrierSet",
        "ReferenceProcessor::",
        "WeakProcessor::",
        "StringDedup",
        "MemAllocator::",
        "ObjAllocator::",
        "ObjArrayAllocator::",
        "InstanceKlass::allocate_instance",
        "OptoRuntime::new_instance_C",
        "OptoRuntime::new_array_C",
        "ConcurrentGCThread::",
        "GCTaskThread::"}},
      // Layers between callers and the memory manager: C++'s allocation functions and
      // allocators, Go's stack switches, and the memory copying and clearing that touches new
      // memory (a page fault in memset is caused by memset's caller).
      {kWrapper,
       {},
       {},
       {"operator new", "operator delete", "std::__new_allocator<", "__gnu_cxx::new_allocator<",
        "std::allocator<", "std::allocator_traits<", "runtime.systemstack", "runtime.mcall",
        "runtime.goexit", "runtime.memclrNoHeapPointers", "runtime.memmove"}},
      {kWrapper,
       {"libc"},
       {"memset", "memcpy", "memmove"},
       {"__memset_", "__memmove_", "__memcpy_"}},
      // The rest of the kernel: a kernel frame is never the call site to change.
      {kWrapper, {kKernel}, {}, {""}},
      // Every other function of CPython's own binary (object constructors, list growth...).
      {kInterpreter, {"python3", "libpython3"}, {}, {""}},
  };
  return table;
}

// "libc.so.6" and "libc-2.31.so" have the stem "libc"; "libcrypto.so.3" has not.
bool has_stem(std::string_view file, std::string_view stem) {
  if (file == stem) return true;
  if (stem == kKernel) return false;
  const size_t slash = file.rfind('/');
  const std::string_view base = slash == std::string_view::npos ? file : file.substr(slash + 1);
  return base.size() > stem.size() && base.starts_with(stem) &&
         (base[stem.size()] == '.' || base[stem.size()] == '-');
}

// The name a rule compares: glibc's internal aliases ("__GI___libc_malloc") and GCC's clone
// suffixes ("_int_free.part.0", "clear_page_erms.cold") name the same function.
std::string_view comparable_name(std::string_view name) {
  if (name.starts_with("__GI_")) name.remove_prefix(5);
  for (std::string_view suffix : {".part.", ".constprop.", ".isra.", ".cold", ".lto_priv."})
    if (size_t at = name.find(suffix); at != std::string_view::npos) name = name.substr(0, at);
  return name;
}

bool matches(const Rule& rule, std::string_view name, std::string_view file) {
  if (!rule.binaries.empty()) {
    bool in_binary = false;
    for (std::string_view stem : rule.binaries) in_binary = in_binary || has_stem(file, stem);
    if (!in_binary) return false;
  }
  for (std::string_view exact : rule.names)
    if (name == exact) return true;
  for (std::string_view prefix : rule.prefixes)
    if (name.starts_with(prefix)) return true;
  return false;
}

}  // namespace

const std::vector<std::string>& alloc_category_names() {
  static const std::vector<std::string> names = {"glibc malloc",
                                                 "jemalloc",
                                                 "tcmalloc",
                                                 "mimalloc",
                                                 "kernel memory (page faults, mmap, brk)",
                                                 "Go GC",
                                                 "Go allocation (mallocgc)",
                                                 "CPython GC",
                                                 "CPython allocator (pymalloc)",
                                                 "V8 heap & GC",
                                                 "JVM GC & allocation"};
  return names;
}

FrameRole classify_frame(std::string_view function, std::string_view mapping_file) {
  const std::string_view name = comparable_name(function);
  for (const Rule& rule : rules()) {
    if (!matches(rule, name, mapping_file)) continue;
    if (rule.category == kWrapper) return {.category = -1, .wrapper = true};
    if (rule.category == kInterpreter) return {.category = -1, .interpreter = true};
    return {.category = rule.category};
  }
  return {};
}

}  // namespace ember::profile

#include "ember/profile/alloc_view.h"

#include <gtest/gtest.h>

#include "alloc_categories.h"
#include "ember/profile/builder.h"

namespace ember::profile {
namespace {

constexpr char kApp[] = "/srv/app/bin/server";
constexpr char kLibc[] = "/usr/lib/x86_64-linux-gnu/libc.so.6";
constexpr const char* kKernel = kKernelMappingFile;

// A frame of a hand-built stack: a function (several, innermost first, for an inline chain)
// in a mapped file, or with no file an interpreted frame (a location without a mapping).
struct Frame {
  std::vector<std::string> functions;
  std::string file;
};

// Builds profiles from stacks written leaf first, one location per frame.
class Stacks {
 public:
  Stacks() : builder_(std::vector<ValueType>{{"samples", "count"}, {"cpu", "nanoseconds"}}) {}

  Stacks& add(const std::vector<Frame>& stack, int64_t samples) {
    std::vector<uint64_t> ids;
    for (const Frame& frame : stack) {
      if (frame.file.empty()) {
        ids.push_back(builder_.add_location(
            0, 0, {{builder_.add_function(frame.functions[0], frame.functions[0]), 1}}));
        continue;
      }
      Mapping mapping;
      mapping.file = frame.file;
      mapping.start = 0x1000 * (1 + std::hash<std::string>{}(frame.file) % 1000);
      mapping.limit = mapping.start + 0x1000;
      const uint64_t mapping_id = builder_.add_mapping(mapping);
      std::vector<Line> lines;
      for (const std::string& name : frame.functions)
        lines.push_back({builder_.add_function(name, name), 1});
      ids.push_back(builder_.add_location(mapping_id, mapping.start + ++address_, lines));
    }
    builder_.add_sample(ids, {samples, samples * 10'000'000});
    return *this;
  }

  Profile build() { return std::move(builder_).build(); }

 private:
  ProfileBuilder builder_;
  uint64_t address_ = 0;
};

std::string category_of(const std::string& function, const std::string& file) {
  const FrameRole role = classify_frame(function, file);
  return role.category < 0 ? "" : alloc_category_names()[role.category];
}

struct Row {
  std::string name;
  int64_t value;
  friend bool operator==(const Row&, const Row&) = default;
  friend std::ostream& operator<<(std::ostream& o, const Row& r) {
    return o << r.name << " " << r.value;
  }
};

// Category rows, each followed by its caller rows (named "  caller").
std::vector<Row> rows(const AllocView& view) {
  std::vector<Row> out;
  for (const auto& category : view.categories) {
    out.push_back({category.category, category.value});
    for (const auto& caller : category.callers)
      out.push_back({"  " + caller.function, caller.value});
  }
  return out;
}

TEST(AllocCategories, EachFamilyIsRecognised) {
  const std::string libjemalloc = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2";
  const struct {
    std::string function, file, category;
  } cases[] = {
      {"malloc", kLibc, "glibc malloc"},
      {"_int_free", kLibc, "glibc malloc"},
      {"__GI___libc_free", kLibc, "glibc malloc"},
      {"_int_free.part.0", kLibc, "glibc malloc"},
      {"malloc_consolidate", kLibc, "glibc malloc"},
      {"arena_get2", "/lib/x86_64-linux-gnu/libc-2.31.so", "glibc malloc"},
      {"je_malloc_default", kApp, "jemalloc"},
      {"malloc", libjemalloc, "jemalloc"},
      {"tcmalloc::ThreadCache::FetchFromCentralCache(unsigned int, int)", kApp, "tcmalloc"},
      {"free", "/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4", "tcmalloc"},
      {"mi_malloc", kApp, "mimalloc"},
      {"_mi_page_malloc", "/usr/lib/libmimalloc.so.2", "mimalloc"},
      {"asm_exc_page_fault", kKernel, "kernel memory (page faults, mmap, brk)"},
      {"clear_page_erms", kKernel, "kernel memory (page faults, mmap, brk)"},
      {"__x64_sys_munmap", kKernel, "kernel memory (page faults, mmap, brk)"},
      {"__brk", kLibc, "kernel memory (page faults, mmap, brk)"},
      {"vms_clear_ptes", kKernel, "kernel memory (page faults, mmap, brk)"},
      {"runtime.madvise", kApp, "kernel memory (page faults, mmap, brk)"},
      {"__glibc_morecore", kLibc, "glibc malloc"},
      {"runtime.gcenable.func1", kApp, "Go GC"},
      {"runtime.gcBgMarkWorker", kApp, "Go GC"},
      {"runtime.scanobject", kApp, "Go GC"},
      {"runtime.(*mheap).reclaim", kApp, "Go GC"},
      {"runtime.mallocgc", kApp, "Go allocation (mallocgc)"},
      {"runtime.(*mcache).refill", kApp, "Go allocation (mallocgc)"},
      {"gc_collect_main", "/usr/bin/python3.11", "CPython GC"},
      {"update_refs", "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", "CPython GC"},
      {"_PyObject_GC_Link", kApp, "CPython GC"},
      {"_PyObject_Malloc", kApp, "CPython allocator (pymalloc)"},
      {"v8::internal::Heap::CollectGarbage(v8::internal::AllocationSpace)", kApp, "V8 heap & GC"},
      {"v8::internal::ScavengerCollector::CollectGarbage()", kApp, "V8 heap & GC"},
      {"G1ParScanThreadState::trim_queue_partially()", "/usr/lib/jvm/lib/server/libjvm.so",
       "JVM GC & allocation"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(category_of(c.function, c.file), c.category) << c.function << " in " << c.file;
}

TEST(AllocCategories, NamesAreOnlyTheAllocatorsInTheAllocatorsBinary) {
  // The program's own `free`, or a function named like the allocator's, is the program's.
  EXPECT_EQ(category_of("free", kApp), "");
  EXPECT_EQ(category_of("malloc", kApp), "");
  EXPECT_EQ(category_of("freelist_push", kApp), "");
  EXPECT_EQ(category_of("malloc_pool_get", kApp), "");
  // A library whose name starts like libc's is another library.
  EXPECT_EQ(category_of("free", "/usr/lib/x86_64-linux-gnu/libcrypto.so.3"), "");
  // Kernel names only in the kernel, CPython's short static names only in the interpreter.
  EXPECT_EQ(category_of("do_anonymous_page", kApp), "");
  EXPECT_EQ(category_of("collect", kApp), "");
  EXPECT_EQ(category_of("G1Tree::insert", kApp), "");
  // Go's scheduler is not its collector.
  EXPECT_EQ(category_of("runtime.schedule", kApp), "");
  EXPECT_EQ(category_of("runtime.gcount", kApp), "");
}

TEST(AllocCategories, WrappersHaveNoCategory) {
  for (const auto& [function, file] : std::vector<std::pair<std::string, std::string>>{
           {"operator new(unsigned long)", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6"},
           {"std::__new_allocator<int>::allocate(unsigned long, void const*)", kApp},
           {"runtime.systemstack", kApp},
           {"do_syscall_64", kKernel}}) {
    const FrameRole role = classify_frame(function, file);
    EXPECT_TRUE(role.wrapper) << function;
    EXPECT_EQ(role.category, -1) << function;
  }
  EXPECT_FALSE(classify_frame("main", kApp).wrapper);
}

TEST(AllocView, ChargesTheFirstCallerPastAllocatorFramesAndWrappers) {
  Profile profile =
      Stacks()
          // memset under _int_malloc counts as malloc's; operator new and the inlined
          // std::allocator are passed over; build_list (inlined into main) is the caller.
          .add({{{"__memset_avx2_unaligned_erms"}, kLibc},
                {{"_int_malloc"}, kLibc},
                {{"malloc"}, kLibc},
                {{"operator new(unsigned long)"}, "/usr/lib/x86_64-linux-gnu/libstdc++.so.6"},
                {{"std::__new_allocator<int>::allocate(unsigned long, void const*)", "build_list",
                  "main"},
                 kApp},
                {{"__libc_start_main"}, kLibc}},
               6)
          .add({{{"_int_free"}, kLibc}, {{"free"}, kLibc}, {{"drop_list"}, kApp}, {{"main"}, kApp}},
               3)
          // A page fault inside malloc is the kernel's time, caused by parse.
          .add({{{"clear_page_erms"}, kKernel},
                {{"get_page_from_freelist"}, kKernel},
                {{"do_anonymous_page"}, kKernel},
                {{"asm_exc_page_fault"}, kKernel},
                {{"sysmalloc"}, kLibc},
                {{"malloc"}, kLibc},
                {{"parse"}, kApp},
                {{"main"}, kApp}},
               2)
          .add({{{"_int_malloc"}, kLibc}, {{"malloc"}, kLibc}, {{"parse"}, kApp}}, 1)
          // A page fault in memset is caused by memset's caller.
          .add({{{"clear_page_erms"}, kKernel},
                {{"asm_exc_page_fault"}, kKernel},
                {{"__memset_avx2_unaligned_erms"}, kLibc},
                {{"init_buffer"}, kApp},
                {{"main"}, kApp}},
               4)
          // Not memory management: the program's own free list.
          .add({{{"freelist_push"}, kApp}, {{"free"}, kApp}, {{"main"}, kApp}}, 8)
          .build();
  const AllocView view = alloc_view(profile, 0);
  EXPECT_EQ(view.total, 24);
  EXPECT_EQ(rows(view), (std::vector<Row>{{"glibc malloc", 10},
                                          {"  build_list", 6},
                                          {"  drop_list", 3},
                                          {"  parse", 1},
                                          {"kernel memory (page faults, mmap, brk)", 6},
                                          {"  init_buffer", 4},
                                          {"  parse", 2}}));
  const AllocView cpu = alloc_view(profile, 1);
  EXPECT_EQ(cpu.total, 240'000'000);
  EXPECT_EQ(cpu.categories[0].value, 100'000'000);
}

// CPython's object constructors are not the caller when the Python function that runs them is
// on the stack; without one (an interpreter without Python frames), they still are.
TEST(AllocView, PythonAllocationIsChargedToThePythonFunction) {
  constexpr char kPython[] = "/usr/bin/python3.11";
  constexpr char kZlib[] = "/usr/lib/python3.11/lib-dynload/zlib.cpython-311-x86_64-linux-gnu.so";
  Profile profile = Stacks()
                        .add({{{"pymalloc_alloc"}, kPython},
                              {{"_PyObject_Malloc"}, kPython},
                              {{"PyList_New"}, kPython},
                              {{"build_rows"}, ""},
                              {{"main"}, ""},
                              {{"Py_RunMain"}, kPython}},
                             5)
                        .add({{{"gc_collect_main"}, kPython},
                              {{"_PyObject_GC_Link"}, kPython},
                              {{"PyTuple_New"}, kPython},
                              {{"build_rows"}, ""},
                              {{"Py_RunMain"}, kPython}},
                             2)
                        // A C extension's allocation is its own, under its Python caller.
                        .add({{{"pymalloc_alloc"}, kPython},
                              {{"PyBytes_FromStringAndSize"}, kPython},
                              {{"zlib_compress"}, kZlib},
                              {{"pack"}, ""}},
                             3)
                        .add({{{"pymalloc_alloc"}, kPython},
                              {{"PyList_New"}, kPython},
                              {{"_PyEval_EvalFrameDefault"}, kPython}},
                             1)
                        .build();
  EXPECT_EQ(rows(alloc_view(profile, 0)), (std::vector<Row>{{"CPython allocator (pymalloc)", 9},
                                                            {"  build_rows", 5},
                                                            {"  zlib_compress", 3},
                                                            {"  PyList_New", 1},
                                                            {"CPython GC", 2},
                                                            {"  build_rows", 2}}));
  EXPECT_TRUE(classify_frame("PyList_New", kPython).interpreter);
  EXPECT_FALSE(classify_frame("PyList_New", kApp).interpreter);
}

TEST(AllocView, GoAssistsAreChargedToTheAllocatingFunctionAndWorkersToNoCaller) {
  Profile profile = Stacks()
                        .add({{{"runtime.scanobject"}, kApp},
                              {{"runtime.gcDrainN"}, kApp},
                              {{"runtime.gcAssistAlloc1"}, kApp},
                              {{"runtime.gcAssistAlloc.func1"}, kApp},
                              {{"runtime.systemstack"}, kApp},
                              {{"runtime.gcAssistAlloc"}, kApp},
                              {{"runtime.mallocgc"}, kApp},
                              {{"runtime.newobject"}, kApp},
                              {{"main.buildTree"}, kApp},
                              {{"main.main"}, kApp}},
                             4)
                        .add({{{"runtime.memclrNoHeapPointers"}, kApp},
                              {{"runtime.mallocgc"}, kApp},
                              {{"runtime.makeslice"}, kApp},
                              {{"main.fill"}, kApp},
                              {{"main.main"}, kApp}},
                             3)
                        .add({{{"runtime.scanobject"}, kApp},
                              {{"runtime.gcDrain"}, kApp},
                              {{"runtime.gcBgMarkWorker.func2"}, kApp},
                              {{"runtime.systemstack"}, kApp},
                              {{"runtime.gcBgMarkWorker"}, kApp},
                              {{"runtime.goexit"}, kApp}},
                             5)
                        .build();
  EXPECT_EQ(rows(alloc_view(profile, 0)),
            (std::vector<Row>{{"Go GC", 9},
                              {"  " + std::string(kNoOutsideCaller), 5},
                              {"  main.buildTree", 4},
                              {"Go allocation (mallocgc)", 3},
                              {"  main.fill", 3}}));
}

TEST(AllocView, AttributionNamesTheCallersLocationAndInlineFrame) {
  ProfileBuilder b(std::vector<ValueType>{{"samples", "count"}});
  Mapping libc;
  libc.file = kLibc;
  Mapping app;
  app.file = kApp;
  const uint64_t libc_id = b.add_mapping(libc), app_id = b.add_mapping(app);
  const uint64_t malloc_loc = b.add_location(libc_id, 0x10, {{b.add_function("malloc", ""), 0}});
  const uint64_t inlined = b.add_location(app_id, 0x20,
                                          {{b.add_function("operator new(unsigned long)", ""), 0},
                                           {b.add_function("make", ""), 0},
                                           {b.add_function("main", ""), 0}});
  const uint64_t unsymbolized = b.add_location(app_id, 0x30, {});
  b.add_sample({malloc_loc, inlined}, {1});
  b.add_sample({malloc_loc, unsymbolized, inlined}, {1});
  b.add_sample({inlined}, {1});
  const Profile profile = std::move(b).build();
  const std::vector<AllocAttribution> attributions = attribute_alloc(profile);
  ASSERT_EQ(attributions.size(), 3u);
  EXPECT_EQ(attributions[0].category, classify_frame("malloc", kLibc).category);
  EXPECT_EQ(attributions[0].caller_location, inlined);
  EXPECT_EQ(attributions[0].caller_line, 1u);  // make: operator new is passed over
  EXPECT_EQ(attributions[1].caller_location, unsymbolized);
  EXPECT_EQ(attributions[2].category, -1);
  EXPECT_EQ(rows(alloc_view(profile, 0)),
            (std::vector<Row>{{"glibc malloc", 2}, {"  0x30", 1}, {"  make", 1}}));
}

TEST(AllocView, OutOfRangeValueIndexGivesAnEmptyView) {
  Profile profile = Stacks().add({{{"malloc"}, kLibc}, {{"main"}, kApp}}, 1).build();
  EXPECT_TRUE(alloc_view(profile, 2).categories.empty());
  EXPECT_TRUE(alloc_view(profile, -1).categories.empty());
  EXPECT_EQ(alloc_view(profile, 0).categories.size(), 1u);
}

}  // namespace
}  // namespace ember::profile

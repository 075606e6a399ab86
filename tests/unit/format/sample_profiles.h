// Profiles with known contents, shared by the format tests and the sample-page generator.
#pragma once

#include <string>

#include "ember/profile/profile.h"

namespace ember::format::testing {

// Names an attacker could put in a binary's symbol table.
inline const std::string kScriptName = "</script><img src=x onerror=alert(1)>";
inline const std::string kMarkupName = "a&b<c>";

// samples/count and cpu/nanoseconds (10 ms per sample), 100 samples split as
//   main;compute;hot_loop                                   60
//   main;compute;</script><img src=x onerror=alert(1)>      15
//   main;io;a&b<c>                                          25
// hot_loop is inlined into compute (one location, two frames). Stats include 3 lost samples.
profile::Profile hostile_profile();

// A 60-second CPU profile of a request-serving program under load, with per-second sample
// times: steady work, and from second 40 to 45 a spike in which lock waits under
// `Cache::lookup` take a large share. For the timeline, window and diff views.
profile::Profile load_test_profile();

// samples/count and cpu/nanoseconds (10 ms per sample), 100 samples in allocator code and out:
//   second 0  main;handle;build_reply                                          50
//   second 0  main;handle;</script><img src=x onerror=alert(1)>;malloc;_int_malloc   20
//   second 1  main;parse;free;_int_free                                       20
//   second 1  main;parse;asm_exc_page_fault;clear_page_erms (kernel)           10
// malloc and free are libc's. The allocator & GC view: glibc malloc 40 (the script-named
// function 20, parse 20), kernel memory 10 (parse).
profile::Profile alloc_profile();

// Demangled C++ names as long as libstdc++'s templates make them, and their short forms.
inline const std::string kLongServe =
    "(anonymous namespace)::serve(std::map<std::__cxx11::basic_string<char, "
    "std::char_traits<char>, std::allocator<char> >, std::vector<int, std::allocator<int> >, "
    "std::less<std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> > "
    ">, std::allocator<std::pair<std::__cxx11::basic_string<char, std::char_traits<char>, "
    "std::allocator<char> > const, std::vector<int, std::allocator<int> > > > >&)";
inline const std::string kShortServe = "(anonymous namespace)::serve";
inline const std::string kLongFlush =
    "void Table<std::vector<int, std::allocator<int> > >::flush<Writer>(Writer&) const";
inline const std::string kShortFlush = "Table<...>::flush<...>";

// offcpu/nanoseconds (and samples/count) of waits, with their kernel frames, labelled
// thread_state=sleeping:
//   main;serve;flush;read;ksys_read;vfs_read;schedule;__schedule          70 (700 ms)
//   main;nanosleep;__x64_sys_nanosleep;__schedule                          30 (300 ms)
// serve and flush have the long names above (mangled system names); read and nanosleep are
// libc's, the rest the kernel's.
profile::Profile waits_profile();

// A deterministic profile whose call tree has about `nodes` distinct frames, with C++-like
// names: for checking that the UI stays fast on big profiles.
profile::Profile large_profile(int nodes);

}  // namespace ember::format::testing

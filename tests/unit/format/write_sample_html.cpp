// Writes sample profiles as HTML pages for the browser check:
//   write_sample_html OUT.html [LARGE.html [LOAD_TEST.html [ALLOC.html [WAITS.html]]]]
// OUT gets the hostile profile; LARGE, if given, a profile with about 100,000 tree nodes;
// LOAD_TEST a minute of a service under load with a spike; ALLOC time in malloc and page
// faults; WAITS off-CPU waits under long C++ names, with their kernel frames.
#include <cstdio>
#include <fstream>
#include <string>

#include "ember/format/html.h"
#include "sample_profiles.h"

namespace {

bool write_file(const char* path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (out.flush()) return true;
  std::fprintf(stderr, "cannot write %s\n", path);
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ember::format;
  if (argc < 2 || argc > 6) {
    std::fprintf(stderr,
                 "usage: %s OUT.html [LARGE.html [LOAD_TEST.html [ALLOC.html [WAITS.html]]]]\n",
                 argv[0]);
    return 2;
  }
  if (!write_file(argv[1],
                  write_html(testing::hostile_profile(), "service " + testing::kScriptName))) {
    return 1;
  }
  if (argc >= 3 && !write_file(argv[2], write_html(testing::large_profile(100'000), "large"))) {
    return 1;
  }
  if (argc >= 4 && !write_file(argv[3], write_html(testing::load_test_profile(),
                                                   "checkout service load test"))) {
    return 1;
  }
  if (argc >= 5 && !write_file(argv[4], write_html(testing::alloc_profile(), "allocations"))) {
    return 1;
  }
  if (argc >= 6 && !write_file(argv[5], write_html(testing::waits_profile(), "waits"))) return 1;
  return 0;
}

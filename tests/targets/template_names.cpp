// Hot code with the long names C++ gives templates: a function of an anonymous namespace
// taking a std::map of strings to vectors of pairs, and a member function template of a class
// template instantiated with that map. The main thread runs them in turn for SECONDS, timing
// each on its thread's CPU clock, and writes "count_pairs_ns=A weigh_ns=B" to RESULT_FILE.
// Usage: template_names SECONDS RESULT_FILE
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>
#include <vector>

using Index = std::map<std::string, std::vector<std::pair<std::string, int>>>;

namespace {

long long thread_cpu_ns() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return now.tv_sec * 1000000000LL + now.tv_nsec;
}

__attribute__((noinline)) long count_pairs(const Index& index, int rounds) {
  long sum = 0;
  for (int round = 0; round < rounds; ++round)
    for (const auto& [key, pairs] : index)
      for (const auto& [word, count] : pairs) sum += static_cast<long>(word.size()) * count + round;
  return sum;
}

struct ByLength {
  long operator()(const std::pair<std::string, int>& pair) const {
    return static_cast<long>(pair.first.size()) + pair.second;
  }
};

}  // namespace

template <typename Rows>
struct Table {
  Rows rows;

  template <typename Weight>
  __attribute__((noinline)) long weigh(Weight weight, int rounds) const {
    long sum = 0;
    for (int round = 0; round < rounds; ++round)
      for (const auto& [key, pairs] : rows)
        for (const auto& pair : pairs) sum += weight(pair) ^ round;
    return sum;
  }
};

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: template_names SECONDS RESULT_FILE\n");
    return 2;
  }
  const long long run_ns = static_cast<long long>(std::atof(argv[1]) * 1e9);
  Table<Index> table;
  for (int key = 0; key < 64; ++key)
    for (int i = 0; i < 16; ++i)
      table.rows["key" + std::to_string(key)].push_back({"word" + std::to_string(i * key), i});
  long long count_ns = 0, weigh_ns = 0;
  volatile long sink = 0;
  const long long start = thread_cpu_ns();
  while (thread_cpu_ns() - start < run_ns) {
    long long before = thread_cpu_ns();
    sink = sink + count_pairs(table.rows, 200);
    long long between = thread_cpu_ns();
    sink = sink + table.weigh(ByLength{}, 200);
    long long after = thread_cpu_ns();
    count_ns += between - before;
    weigh_ns += after - between;
  }
  FILE* result = std::fopen(argv[2], "w");
  if (!result) return 1;
  std::fprintf(result, "count_pairs_ns=%lld weigh_ns=%lld\n", count_ns, weigh_ns);
  std::fclose(result);
  return 0;
}

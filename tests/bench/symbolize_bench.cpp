// Symbolization throughput: frames symbolized per second by ember's symbolizer, cold (a new
// Symbolizer: every binary opened and parsed, DWARF and debug files included) and warm (the
// same stacks built again: modules and per-address results cached).
// The stacks are made of addresses spread uniformly over the code of this program's own
// mappings (itself, libstdc++, libc with its separate debug file, libdw...), so they are real
// addresses in real binaries, many more distinct ones than a typical profile holds.
// Usage: symbolize_bench [STACKS]   prints one JSON object.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "ember/symbolizer/process_maps.h"
#include "ember/symbolizer/symbolizer.h"

namespace {

using ember::symbolizer::Symbolizer;

constexpr size_t kStackDepth = 16;

double seconds_to_build(Symbolizer& symbolizer) {
  ember::symbolizer::BuildOptions options;
  options.sample_types = {{"samples", "count"}};
  const auto start = std::chrono::steady_clock::now();
  symbolizer.build(options);
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const size_t stacks = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 4096;
  const auto pid = static_cast<uint32_t>(getpid());
  auto maps = ember::symbolizer::read_maps("/proc", pid);
  if (!maps) {
    std::fprintf(stderr, "symbolize_bench: %s\n", maps.error().message.c_str());
    return 1;
  }
  std::vector<ember::symbolizer::MapsEntry> code;
  for (const auto& entry : *maps)
    if (entry.executable && entry.is_file()) code.push_back(entry);

  std::mt19937_64 random(42);  // the same addresses in every run
  ember::symbolizer::SymbolizerOptions options;
  options.kernel = false;  // user addresses only
  Symbolizer symbolizer(options);
  if (auto tracked = symbolizer.track_process(pid); !tracked) {
    std::fprintf(stderr, "symbolize_bench: %s\n", tracked.error().message.c_str());
    return 1;
  }
  for (size_t i = 0; i < stacks; ++i) {
    ember::symbolizer::StackSample sample;
    sample.pid = sample.tid = pid;
    sample.values = {1};
    for (size_t depth = 0; depth < kStackDepth; ++depth) {
      const auto& mapping = code[random() % code.size()];
      sample.user_ips.push_back(mapping.start + random() % (mapping.end - mapping.start));
    }
    symbolizer.add(sample);
  }

  const double cold = seconds_to_build(symbolizer);
  const double warm = seconds_to_build(symbolizer);
  const auto stats = symbolizer.stats();
  const double frames = static_cast<double>(stacks * kStackDepth);
  std::printf(
      "{\"stacks\": %zu, \"frames\": %.0f, \"modules\": %lld, \"unsymbolized_frames\": %lld, "
      "\"cold_seconds\": %.6f, \"warm_seconds\": %.6f, \"cold_frames_per_second\": %.0f, "
      "\"warm_frames_per_second\": %.0f}\n",
      stacks, frames, static_cast<long long>(stats.modules),
      static_cast<long long>(stats.unsymbolized_frames), cold, warm, frames / cold, frames / warm);
  return 0;
}

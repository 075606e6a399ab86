#include "ember/format/speedscope.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <numeric>

#include "ember/format/json_text.h"
#include "stack_frames.h"

namespace ember::format {
namespace {

// speedscope knows only these units; counts and anything else are unit-less numbers.
std::string speedscope_unit(const std::string& unit) {
  static const char* const kKnown[] = {"nanoseconds", "microseconds", "milliseconds", "seconds",
                                       "bytes"};
  for (const char* known : kKnown)
    if (unit == known) return unit;
  return "none";
}

// speedscope frames are (name, file) pairs; equal pairs share one index. The name shown is
// the short one: speedscope has no field for another.
class FrameTable {
 public:
  size_t index(const Frame& frame) {
    auto [it, inserted] = index_.try_emplace({frame.name, frame.file}, json_.size());
    if (inserted) {
      nlohmann::json entry = {{"name", frame.short_name}};
      if (!frame.file.empty()) entry["file"] = frame.file;
      json_.push_back(std::move(entry));
    }
    return it->second;
  }
  nlohmann::json& json() { return json_; }

 private:
  std::map<std::pair<std::string, std::string>, size_t> index_;
  nlohmann::json json_ = nlohmann::json::array();
};

}  // namespace

std::string write_speedscope(const profile::Profile& profile) {
  StackFrames frames(profile);
  FrameTable table;

  // Stacks as frame-table indexes, computed once and shared by every sample type.
  std::vector<nlohmann::json> stacks;
  stacks.reserve(profile.samples.size());
  for (const auto& sample : profile.samples) {
    auto stack = nlohmann::json::array();
    for (const Frame* frame : frames.root_first(sample)) stack.push_back(table.index(*frame));
    stacks.push_back(std::move(stack));
  }

  std::vector<size_t> order(profile.samples.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return profile.samples[a].time_nanos < profile.samples[b].time_nanos;
  });

  auto profiles = nlohmann::json::array();
  for (size_t type = 0; type < profile.sample_types.size(); ++type) {
    auto samples = nlohmann::json::array();
    auto weights = nlohmann::json::array();
    int64_t total = 0;
    for (size_t i : order) {
      const auto& values = profile.samples[i].values;
      if (type >= values.size() || values[type] == 0) continue;
      samples.push_back(stacks[i]);
      weights.push_back(values[type]);
      total += values[type];
    }
    const auto& sample_type = profile.sample_types[type];
    profiles.push_back({{"type", "sampled"},
                        {"name", sample_type.type},
                        {"unit", speedscope_unit(sample_type.unit)},
                        {"startValue", 0},
                        {"endValue", total},
                        {"samples", std::move(samples)},
                        {"weights", std::move(weights)}});
  }

  nlohmann::json document = {
      {"$schema", "https://www.speedscope.app/file-format-schema.json"},
      {"exporter", "ember"},
      {"name", "ember profile"},
      {"activeProfileIndex", std::max(profile.default_value_index(), 0)},
      {"shared", {{"frames", std::move(table.json())}}},
      {"profiles", std::move(profiles)},
  };
  return dump_json(std::move(document));
}

}  // namespace ember::format

// The one profile model every output is written from. It mirrors pprof's profile.proto so that
// the pprof codec is a straight mapping: ids are 1-based and dense (element i has id i + 1),
// 0 means "none", and a sample's stack is a list of location ids, leaf first.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ember::profile {

// What one column of sample values measures, e.g. {"cpu", "nanoseconds"}.
struct ValueType {
  std::string type;
  std::string unit;
  friend bool operator==(const ValueType&, const ValueType&) = default;
};

// The file name of the kernel's mapping, as perf names it.
inline constexpr char kKernelMappingFile[] = "[kernel.kallsyms]";

// A mapped file (or the kernel) in the target's address space.
struct Mapping {
  uint64_t id = 0;
  uint64_t start = 0;   // first address of the mapped range
  uint64_t limit = 0;   // one past the last address
  uint64_t offset = 0;  // file offset that `start` maps
  std::string file;
  std::string build_id;  // lower-case hex, empty when unknown
  bool has_functions = false;
  bool has_filenames = false;
  bool has_line_numbers = false;
  bool has_inline_frames = false;
  friend bool operator==(const Mapping&, const Mapping&) = default;
};

struct Function {
  uint64_t id = 0;
  std::string name;         // demangled, what people read
  std::string system_name;  // as found in the binary (mangled)
  std::string file;
  int64_t start_line = 0;
  friend bool operator==(const Function&, const Function&) = default;
};

// One frame of a location: a function and the line executing in it.
struct Line {
  uint64_t function_id = 0;
  int64_t line = 0;
  friend bool operator==(const Line&, const Line&) = default;
};

// An address in a mapping. Several lines mean inlining: lines[0] is the innermost inlined
// function and the last line is the function it was inlined into (pprof's order).
struct Location {
  uint64_t id = 0;
  uint64_t mapping_id = 0;
  uint64_t address = 0;
  std::vector<Line> lines;
  friend bool operator==(const Location&, const Location&) = default;
};

// A label is a string (str non-empty) or a number (num, with an optional unit).
struct Label {
  std::string key;
  std::string str;
  int64_t num = 0;
  std::string num_unit;
  friend bool operator==(const Label&, const Label&) = default;
};

struct Sample {
  std::vector<uint64_t> location_ids;  // leaf first
  std::vector<int64_t> values;         // one per Profile::sample_types entry
  std::vector<Label> labels;
  // Start of the time bucket this sample was collected in (Unix ns), 0 when unknown. pprof has
  // no per-sample time, so it is not written there; it drives timelines and time slicing.
  int64_t time_nanos = 0;
  friend bool operator==(const Sample&, const Sample&) = default;

  // The label named `key`, or null.
  const Label* label(std::string_view key) const {
    for (const Label& found : labels)
      if (found.key == key) return &found;
    return nullptr;
  }
  Label* label(std::string_view key) {
    return const_cast<Label*>(static_cast<const Sample&>(*this).label(key));
  }
};

struct Profile {
  std::vector<ValueType> sample_types;
  std::vector<Sample> samples;
  std::vector<Mapping> mappings;
  std::vector<Location> locations;
  std::vector<Function> functions;

  int64_t time_nanos = 0;      // collection start, Unix ns
  int64_t duration_nanos = 0;  // collection length
  ValueType period_type;       // e.g. {"cpu", "nanoseconds"}
  int64_t period = 0;          // e.g. 10101010 ns at 99 Hz
  std::string default_sample_type;
  std::vector<std::string> comments;

  // Collection quality, counted and shown, never hidden: "samples", "lost_samples",
  // "unwind_failures", "unsymbolized_frames", ... pprof carries them as comments.
  std::map<std::string, int64_t> stats;

  friend bool operator==(const Profile&, const Profile&) = default;

  const Mapping& mapping(uint64_t id) const { return mappings[id - 1]; }
  const Location& location(uint64_t id) const { return locations[id - 1]; }
  const Function& function(uint64_t id) const { return functions[id - 1]; }

  // The sample type to show first: default_sample_type, else the last one (pprof's rule, e.g.
  // cpu/nanoseconds after samples/count). -1 when there are none.
  int default_value_index() const {
    const int index = default_sample_type.empty() ? -1 : sample_type_index(default_sample_type);
    return index >= 0 ? index : static_cast<int>(sample_types.size()) - 1;
  }

  // Index of the sample type named `type`, or -1.
  int sample_type_index(const std::string& type) const {
    for (size_t i = 0; i < sample_types.size(); ++i)
      if (sample_types[i].type == type) return static_cast<int>(i);
    return -1;
  }
};

}  // namespace ember::profile

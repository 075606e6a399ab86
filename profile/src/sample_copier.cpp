#include "sample_copier.h"

namespace ember::profile {

SampleCopier::SampleCopier(ProfileBuilder& into, const Profile& from)
    : into_(into),
      from_(from),
      mapping_ids_(from.mappings.size() + 1),
      function_ids_(from.functions.size() + 1),
      location_ids_(from.locations.size() + 1) {}

void SampleCopier::copy(const Sample& sample) {
  // pprof reads mapping 1 as the main binary: what was first stays first.
  if (!from_.mappings.empty()) mapping(1);
  stack_.clear();
  for (uint64_t id : sample.location_ids) stack_.push_back(location(id));
  into_.add_sample(stack_, sample.values, sample.labels, sample.time_nanos);
}

uint64_t SampleCopier::mapping(uint64_t id) {
  if (id == 0) return 0;
  uint64_t& copied = mapping_ids_[id];
  if (copied == 0) copied = into_.add_mapping(from_.mapping(id));
  return copied;
}

uint64_t SampleCopier::function(uint64_t id) {
  uint64_t& copied = function_ids_[id];
  if (copied == 0) {
    const Function& f = from_.function(id);
    copied = into_.add_function(f.name, f.system_name, f.file, f.start_line);
  }
  return copied;
}

uint64_t SampleCopier::location(uint64_t id) {
  uint64_t& copied = location_ids_[id];
  if (copied == 0) {
    const Location& l = from_.location(id);
    std::vector<Line> lines;
    lines.reserve(l.lines.size());
    for (const Line& line : l.lines) lines.push_back(Line{function(line.function_id), line.line});
    copied = into_.add_location(mapping(l.mapping_id), l.address, lines);
  }
  return copied;
}

void copy_description(const Profile& from, Profile& into) {
  into.period_type = from.period_type;
  into.period = from.period;
  into.default_sample_type = from.default_sample_type;
  into.comments = from.comments;
  into.stats = from.stats;
}

}  // namespace ember::profile

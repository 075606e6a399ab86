#include "ember/profile/builder.h"

#include <algorithm>
#include <tuple>

#include "ember/profile/utf8_text.h"
#include "index_set.h"

namespace ember::profile {
namespace {

// What makes two elements "equal" for interning: every field except the id.
struct MappingKey {
  auto operator()(const Mapping& m) const {
    return std::tie(m.start, m.limit, m.offset, m.file, m.build_id, m.has_functions,
                    m.has_filenames, m.has_line_numbers, m.has_inline_frames);
  }
};
struct FunctionKey {
  auto operator()(const Function& f) const {
    return std::tie(f.name, f.system_name, f.file, f.start_line);
  }
};
struct LocationKey {
  auto operator()(const Location& l) const { return std::tie(l.mapping_id, l.address, l.lines); }
};
struct SampleKey {
  auto operator()(const Sample& s) const {
    return std::tie(s.location_ids, s.labels, s.time_nanos);
  }
};

uint64_t id_of(size_t position) {
  return position + 1;
}

bool valid_labels(const std::vector<Label>& labels) {
  return std::all_of(labels.begin(), labels.end(), [](const Label& l) {
    return is_valid_utf8(l.key) && is_valid_utf8(l.str) && is_valid_utf8(l.num_unit);
  });
}

}  // namespace

struct ProfileBuilder::Index {
  explicit Index(const Profile& p)
      : mappings(&p.mappings),
        functions(&p.functions),
        locations(&p.locations),
        samples(&p.samples) {}

  void rebind(const Profile& p) {
    mappings.rebind(&p.mappings);
    functions.rebind(&p.functions);
    locations.rebind(&p.locations);
    samples.rebind(&p.samples);
  }

  IndexSet<Mapping, MappingKey> mappings;
  IndexSet<Function, FunctionKey> functions;
  IndexSet<Location, LocationKey> locations;
  IndexSet<Sample, SampleKey> samples;
};

ProfileBuilder::ProfileBuilder(std::vector<ValueType> sample_types)
    : index_(std::make_unique<Index>(profile_)) {
  profile_.sample_types = std::move(sample_types);
}

ProfileBuilder::~ProfileBuilder() = default;

ProfileBuilder::ProfileBuilder(ProfileBuilder&& other) noexcept
    : profile_(std::move(other.profile_)), index_(std::move(other.index_)) {
  if (index_) index_->rebind(profile_);
}

ProfileBuilder& ProfileBuilder::operator=(ProfileBuilder&& other) noexcept {
  profile_ = std::move(other.profile_);
  index_ = std::move(other.index_);
  if (index_) index_->rebind(profile_);
  return *this;
}

// Names enter the model here (and in the pprof reader) and leave it valid UTF-8: every writer
// can rely on it. The check is the common case; converting is the rare one.
uint64_t ProfileBuilder::add_mapping(const Mapping& mapping) {
  if (!is_valid_utf8(mapping.file) || !is_valid_utf8(mapping.build_id)) {
    Mapping converted = mapping;
    converted.file = utf8_text(mapping.file);
    converted.build_id = utf8_text(mapping.build_id);
    return add_mapping(converted);
  }
  int64_t found = index_->mappings.find(MappingKey{}(mapping));
  if (found >= 0) return id_of(found);
  Mapping& added = profile_.mappings.emplace_back(mapping);
  added.id = id_of(profile_.mappings.size() - 1);
  index_->mappings.insert(profile_.mappings.size() - 1);
  return added.id;
}

uint64_t ProfileBuilder::add_function(const std::string& name, const std::string& system_name,
                                      const std::string& file, int64_t start_line) {
  if (!is_valid_utf8(name) || !is_valid_utf8(system_name) || !is_valid_utf8(file))
    return add_function(utf8_text(name), utf8_text(system_name), utf8_text(file), start_line);
  int64_t found = index_->functions.find(std::tie(name, system_name, file, start_line));
  if (found >= 0) return id_of(found);
  uint64_t id = id_of(profile_.functions.size());
  profile_.functions.push_back(Function{id, name, system_name, file, start_line});
  index_->functions.insert(profile_.functions.size() - 1);
  return id;
}

uint64_t ProfileBuilder::add_location(uint64_t mapping_id, uint64_t address,
                                      const std::vector<Line>& lines) {
  int64_t found = index_->locations.find(std::tie(mapping_id, address, lines));
  if (found >= 0) return id_of(found);
  uint64_t id = id_of(profile_.locations.size());
  profile_.locations.push_back(Location{id, mapping_id, address, lines});
  index_->locations.insert(profile_.locations.size() - 1);
  return id;
}

void ProfileBuilder::add_sample(const std::vector<uint64_t>& location_ids,
                                const std::vector<int64_t>& values,
                                const std::vector<Label>& labels, int64_t time_nanos) {
  if (!valid_labels(labels)) {
    std::vector<Label> converted = labels;
    for (Label& l : converted) {
      l.key = utf8_text(l.key);
      l.str = utf8_text(l.str);
      l.num_unit = utf8_text(l.num_unit);
    }
    return add_sample(location_ids, values, converted, time_nanos);
  }
  int64_t found = index_->samples.find(std::tie(location_ids, labels, time_nanos));
  if (found < 0) {
    profile_.samples.push_back(Sample{location_ids, values, labels, time_nanos});
    index_->samples.insert(profile_.samples.size() - 1);
    return;
  }
  // A caller passing the wrong number of values gets a sample that validate() reports; the
  // sum must still stay in bounds.
  std::vector<int64_t>& sum = profile_.samples[found].values;
  size_t n = std::min(sum.size(), values.size());
  for (size_t i = 0; i < n; ++i) sum[i] += values[i];
}

Profile& ProfileBuilder::profile() {
  return profile_;
}

Profile ProfileBuilder::build() && {
  index_.reset();
  return std::move(profile_);
}

}  // namespace ember::profile

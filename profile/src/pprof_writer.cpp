// Model → profile.proto. A field-by-field mapping; the only additions are the string table and
// the stats, which pprof can only carry as comments.
#include "ember/profile/operations.h"
#include "ember/profile/pprof.h"
#include "gzip.h"
#include "profile.pb.h"
#include "stat_comment.h"
#include "string_table.h"

namespace ember::profile {
namespace {

class Encoder {
 public:
  pprof::Profile encode(const Profile& in) {
    pprof::Profile out;
    for (const ValueType& t : in.sample_types) value_type(t, out.add_sample_type());
    for (const Sample& s : in.samples) sample(s, out.add_sample());
    for (const Mapping& m : in.mappings) mapping(m, out.add_mapping());
    for (const Location& l : in.locations) location(l, out.add_location());
    for (const Function& f : in.functions) function(f, out.add_function());
    out.set_time_nanos(in.time_nanos);
    out.set_duration_nanos(in.duration_nanos);
    value_type(in.period_type, out.mutable_period_type());
    out.set_period(in.period);
    for (const std::string& c : in.comments) out.add_comment(strings_.index(c));
    for (const auto& [name, value] : in.stats)
      out.add_comment(strings_.index(format_stat_comment(name, value)));
    out.set_default_sample_type(strings_.index(in.default_sample_type));
    // Last: every other field has interned its strings by now.
    for (std::string& s : strings_.strings()) out.add_string_table(std::move(s));
    return out;
  }

 private:
  void value_type(const ValueType& in, pprof::ValueType* out) {
    out->set_type(strings_.index(in.type));
    out->set_unit(strings_.index(in.unit));
  }

  void sample(const Sample& in, pprof::Sample* out) {
    out->mutable_location_id()->Add(in.location_ids.begin(), in.location_ids.end());
    out->mutable_value()->Add(in.values.begin(), in.values.end());
    for (const Label& l : in.labels) label(l, out->add_label());
  }

  void label(const Label& in, pprof::Label* out) {
    out->set_key(strings_.index(in.key));
    if (!in.str.empty()) {
      out->set_str(strings_.index(in.str));
      return;
    }
    out->set_num(in.num);
    out->set_num_unit(strings_.index(in.num_unit));
  }

  void mapping(const Mapping& in, pprof::Mapping* out) {
    out->set_id(in.id);
    out->set_memory_start(in.start);
    out->set_memory_limit(in.limit);
    out->set_file_offset(in.offset);
    out->set_filename(strings_.index(in.file));
    out->set_build_id(strings_.index(in.build_id));
    out->set_has_functions(in.has_functions);
    out->set_has_filenames(in.has_filenames);
    out->set_has_line_numbers(in.has_line_numbers);
    out->set_has_inline_frames(in.has_inline_frames);
  }

  void location(const Location& in, pprof::Location* out) {
    out->set_id(in.id);
    out->set_mapping_id(in.mapping_id);
    out->set_address(in.address);
    for (const Line& l : in.lines) {
      pprof::Line* line = out->add_line();
      line->set_function_id(l.function_id);
      line->set_line(l.line);
    }
  }

  void function(const Function& in, pprof::Function* out) {
    out->set_id(in.id);
    out->set_name(strings_.index(in.name));
    out->set_system_name(strings_.index(in.system_name));
    out->set_filename(strings_.index(in.file));
    out->set_start_line(in.start_line);
  }

  StringTable strings_;
};

}  // namespace

Result<std::string> write_pprof(const Profile& profile) {
  // An invalid profile would encode to a file pprof rejects; say why here instead.
  if (Result<void> valid = validate(profile); !valid)
    return make_error("cannot write pprof: " + valid.error().message);
  std::string bytes;
  if (!Encoder().encode(profile).SerializeToString(&bytes))
    return make_error("cannot write pprof: protobuf serialization failed");
  return gzip_compress(bytes);
}

}  // namespace ember::profile

// profile.proto → model, for files from any pprof producer. Everything in the input is
// untrusted: indexes and ids are checked before use, and ids are renumbered to the model's
// dense 1-based form (pprof only requires them to be unique and non-zero). Strings are bytes on
// the wire (Go writes any bytes a binary holds) and become utf8_text here.
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unordered_map>

#include "ember/profile/operations.h"
#include "ember/profile/pprof.h"
#include "ember/profile/utf8_text.h"
#include "gzip.h"
#include "profile.pb.h"
#include "stat_comment.h"

namespace ember::profile {
namespace {

// Larger profiles are refused rather than risked: this also bounds what a gzip bomb inflates to.
constexpr size_t kMaxProfileBytes = size_t{1} << 30;

using IdMap = std::unordered_map<uint64_t, uint64_t>;

class Decoder {
 public:
  explicit Decoder(const pprof::Profile& in) : in_(in) {
    strings_.reserve(in.string_table_size());
    for (const std::string& bytes : in.string_table()) strings_.push_back(utf8_text(bytes));
  }

  Result<Profile> decode() {
    if (strings_.empty() || !strings_[0].empty())
      return make_error("malformed pprof: string table must start with an empty string");
    number(in_.mapping(), mapping_ids_, "mapping");
    number(in_.function(), function_ids_, "function");
    number(in_.location(), location_ids_, "location");

    Profile out;
    for (const auto& t : in_.sample_type()) out.sample_types.push_back(value_type(t));
    for (const auto& m : in_.mapping()) out.mappings.push_back(mapping(m));
    for (const auto& f : in_.function()) out.functions.push_back(function(f));
    for (const auto& l : in_.location()) out.locations.push_back(location(l));
    for (const auto& s : in_.sample()) out.samples.push_back(sample(s));
    out.time_nanos = in_.time_nanos();
    out.duration_nanos = in_.duration_nanos();
    out.period_type = value_type(in_.period_type());
    out.period = in_.period();
    out.default_sample_type = str(in_.default_sample_type(), "default sample type");
    for (int64_t index : in_.comment()) comment(str(index, "comment"), out);

    if (!error_.empty()) return make_error("malformed pprof: " + error_);
    // Catches what the conversion does not check itself, e.g. the number of values per sample.
    if (Result<void> valid = validate(out); !valid)
      return make_error("malformed pprof: " + valid.error().message);
    return out;
  }

 private:
  // The first problem is kept and reported at the end; accessors return harmless defaults
  // after it, so the conversion reads straight through without checking at every step.
  void fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
  }

  const std::string& str(int64_t index, const char* what) {
    if (index < 0 || static_cast<uint64_t>(index) >= strings_.size()) {
      fail(std::string(what) + " refers to string " + std::to_string(index) +
           ", outside the string table");
      return kEmpty;
    }
    return strings_[index];
  }

  // Assigns dense ids in file order.
  template <class Messages>
  void number(const Messages& messages, IdMap& ids, const char* what) {
    for (const auto& m : messages) {
      if (m.id() == 0) fail(std::string(what) + " has id 0");
      if (!ids.try_emplace(m.id(), ids.size() + 1).second)
        fail(std::string(what) + " id " + std::to_string(m.id()) + " is used twice");
    }
  }

  uint64_t lookup(const IdMap& ids, uint64_t raw, const char* what) {
    auto it = ids.find(raw);
    if (it != ids.end()) return it->second;
    fail("reference to missing " + std::string(what) + " " + std::to_string(raw));
    return 0;
  }

  ValueType value_type(const pprof::ValueType& in) {
    return {str(in.type(), "sample type"), str(in.unit(), "sample unit")};
  }

  Mapping mapping(const pprof::Mapping& in) {
    Mapping out;
    out.id = mapping_ids_[in.id()];
    out.start = in.memory_start();
    out.limit = in.memory_limit();
    out.offset = in.file_offset();
    out.file = str(in.filename(), "mapping file name");
    out.build_id = str(in.build_id(), "mapping build id");
    out.has_functions = in.has_functions();
    out.has_filenames = in.has_filenames();
    out.has_line_numbers = in.has_line_numbers();
    out.has_inline_frames = in.has_inline_frames();
    return out;
  }

  Function function(const pprof::Function& in) {
    return Function{function_ids_[in.id()], str(in.name(), "function name"),
                    str(in.system_name(), "function system name"),
                    str(in.filename(), "function file name"), in.start_line()};
  }

  Location location(const pprof::Location& in) {
    Location out;
    out.id = location_ids_[in.id()];
    out.mapping_id = in.mapping_id() == 0 ? 0 : lookup(mapping_ids_, in.mapping_id(), "mapping");
    out.address = in.address();
    for (const auto& line : in.line()) {
      // pprof allows a line without a function; it names nothing, so the model has no use for it.
      if (line.function_id() == 0) continue;
      out.lines.push_back(Line{lookup(function_ids_, line.function_id(), "function"), line.line()});
    }
    return out;
  }

  Sample sample(const pprof::Sample& in) {
    Sample out;
    for (uint64_t id : in.location_id())
      out.location_ids.push_back(lookup(location_ids_, id, "location"));
    out.values.assign(in.value().begin(), in.value().end());
    for (const auto& l : in.label()) out.labels.push_back(label(l));
    return out;
  }

  Label label(const pprof::Label& in) {
    Label out;
    out.key = str(in.key(), "label key");
    out.str = str(in.str(), "label value");
    out.num = in.num();
    out.num_unit = str(in.num_unit(), "label unit");
    // One with both a string and a number is refused by validate(), which decode() runs.
    return out;
  }

  void comment(const std::string& text, Profile& out) {
    if (auto stat = parse_stat_comment(text))
      out.stats[stat->first] += stat->second;
    else
      out.comments.push_back(text);
  }

  static inline const std::string kEmpty;
  const pprof::Profile& in_;
  std::vector<std::string> strings_;
  IdMap mapping_ids_, function_ids_, location_ids_;
  std::string error_;
};

}  // namespace

Result<Profile> read_pprof(std::string_view bytes) {
  if (bytes.empty()) return make_error("malformed pprof: the input is empty");
  std::string inflated;
  if (is_gzip(bytes)) {
    Result<std::string> unzipped = gzip_decompress(bytes, kMaxProfileBytes);
    if (!unzipped) return make_error("malformed pprof: " + unzipped.error().message);
    inflated = std::move(unzipped).value();
    bytes = inflated;
  } else if (bytes.size() > kMaxProfileBytes) {
    return make_error("malformed pprof: larger than " + std::to_string(kMaxProfileBytes) +
                      " bytes");
  }
  pprof::Profile message;
  if (!message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return make_error("malformed pprof: not a valid profile.proto message");
  return Decoder(message).decode();
}

Result<Profile> read_pprof_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return make_error("cannot open " + path + ": " + std::strerror(errno));
  std::error_code ec;
  if (std::filesystem::file_size(path, ec) > kMaxProfileBytes && !ec)
    return make_error(path + ": larger than " + std::to_string(kMaxProfileBytes) + " bytes");
  std::string bytes{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  if (file.bad()) return make_error("cannot read " + path);
  Result<Profile> profile = read_pprof(bytes);
  if (!profile) return make_error(path + ": " + profile.error().message);
  return profile;
}

}  // namespace ember::profile

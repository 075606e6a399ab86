#include "profile_printer.h"

namespace ember::profile {

void PrintTo(const Profile& p, std::ostream* out) {
  std::ostream& o = *out;
  o << "\n  types:";
  for (const ValueType& t : p.sample_types) o << " " << t.type << "/" << t.unit;
  o << "\n  time " << p.time_nanos << " +" << p.duration_nanos << ", period " << p.period << " "
    << p.period_type.type << "/" << p.period_type.unit << ", default '" << p.default_sample_type
    << "'";
  for (const Mapping& m : p.mappings)
    o << "\n  mapping " << m.id << " " << std::hex << m.start << "-" << m.limit << "@" << m.offset
      << std::dec << " " << m.file << " " << m.build_id;
  for (const Function& f : p.functions)
    o << "\n  function " << f.id << " " << f.name << " [" << f.system_name << "] " << f.file << ":"
      << f.start_line;
  for (const Location& l : p.locations) {
    o << "\n  location " << l.id << " m" << l.mapping_id << " 0x" << std::hex << l.address
      << std::dec;
    for (const Line& line : l.lines) o << " f" << line.function_id << ":" << line.line;
  }
  for (const Sample& s : p.samples) {
    o << "\n  sample @" << s.time_nanos << " stack";
    for (uint64_t id : s.location_ids) o << " " << id;
    o << " values";
    for (int64_t v : s.values) o << " " << v;
    for (const Label& l : s.labels) o << " " << l.key << "=" << l.str << l.num << l.num_unit;
  }
  for (const std::string& c : p.comments) o << "\n  comment " << c;
  for (const auto& [name, value] : p.stats) o << "\n  stat " << name << "=" << value;
}

}  // namespace ember::profile

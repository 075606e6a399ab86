#include "record_summary.h"

#include "value_format.h"

namespace ember::tools {

namespace {

int64_t stat(const profile::Profile& profile, const std::string& name) {
  auto found = profile.stats.find(name);
  return found == profile.stats.end() ? 0 : found->second;
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

// " stack_copy_exhausted=3 unwind_queue_drops=1", or empty when nothing stopped early.
std::string unwind_stops(const profile::Profile& profile) {
  const std::string prefix = "unwind_stop_";
  std::string stops;
  for (const auto& [name, value] : profile.stats) {
    if (value == 0) continue;
    if (starts_with(name, prefix))
      stops += " " + name.substr(prefix.size()) + "=" + std::to_string(value);
    else if (name == "unwind_queue_drops" || name == "stack_copy_errors")
      stops += " " + name + "=" + std::to_string(value);
  }
  return stops;
}

}  // namespace

void print_record_summary(std::ostream& out, const profile::Profile& profile,
                          const std::vector<std::string>& written_paths) {
  const int64_t frames = stat(profile, "frames");
  const int64_t unsymbolized = stat(profile, "unsymbolized_frames");
  // Short lines: the summary reads on an 80-column terminal.
  out << "Recorded " << format_value(profile.duration_nanos, "nanoseconds") << ": "
      << stat(profile, "samples") << " samples, " << stat(profile, "lost_samples")
      << " lost; stack capture errors: " << stat(profile, "kernel_stack_errors") << " kernel, "
      << stat(profile, "user_stack_errors") << " user\n";
  out << "Frames unsymbolized: " << unsymbolized << " of " << frames << " ("
      << format_percent(unsymbolized, frames) << "); stacks reaching a thread root: "
      << format_percent(stat(profile, "stacks_reaching_root"), stat(profile, "stacks")) << "\n";
  const std::string stops = unwind_stops(profile);
  if (!stops.empty()) out << "CFI unwinding stopped early:" << stops << "\n";
  for (const auto& path : written_paths) out << "Wrote " << path << "\n";
  out << "\n";
}

}  // namespace ember::tools

#include "record_summary.h"

#include "ember/profile/stat_vocabulary.h"
#include "value_format.h"

namespace ember::tools {

namespace {

int64_t stat(const profile::Profile& profile, const std::string& name) {
  auto found = profile.stats.find(name);
  return found == profile.stats.end() ? 0 : found->second;
}

// Losses the summary's first lines already name.
bool named_above(const std::string& name) {
  return name == "lost_samples" || name == "kernel_stack_errors" || name == "user_stack_errors" ||
         name == "unsymbolized_frames" || name == "unwind_failures";
}

// " unmapped_address=3 unwind_queue_drops=1 ...": every other non-zero loss the profile
// counts (stats/stat_vocabulary.h), unwind stops by their reason; empty when there is none.
std::string other_losses(const profile::Profile& profile) {
  const std::string prefix = "unwind_stop_";
  std::string losses;
  // Appended piece by piece: GCC 12 at -O3 reports a false -Wrestrict (its bug 105329) for
  // `" " + std::string`.
  auto add = [&losses](const std::string& key, int64_t value) {
    losses += ' ';
    losses += key;
    losses += '=';
    losses += std::to_string(value);
  };
  for (const auto& [name, value] : profile.stats) {
    const profile::StatDescription* stat = profile::describe_stat(name);
    if (value == 0 || !stat || !stat->loss || named_above(name)) continue;
    add(name.starts_with(prefix) ? name.substr(prefix.size()) : name, value);
  }
  return losses;
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
  const std::string losses = other_losses(profile);
  if (!losses.empty()) out << "Lost or cut short:" << losses << "\n";
  for (const auto& path : written_paths) out << "Wrote " << path << "\n";
  out << "\n";
}

}  // namespace ember::tools

#include "diff_outputs.h"

#include <filesystem>

#include "ember/format/diff_html.h"
#include "ember/profile/pprof.h"
#include "ember/profile/profile_diff.h"
#include "ember/profile/run_difference.h"
#include "ember/profile/sample_type_choice.h"
#include "output_files.h"

namespace ember::tools {

namespace {

using Runs = std::vector<profile::Profile>;

// The average base and new runs in the common sample types, showing `type` first.
Result<std::pair<profile::Profile, profile::Profile>> mean_runs(const Runs& base, const Runs& after,
                                                                const profile::ValueType& type) {
  std::vector<const profile::Profile*> all;
  for (const Runs* side : {&base, &after})
    for (const profile::Profile& p : *side) all.push_back(&p);
  const auto types = profile::common_sample_types(all);
  auto base_mean = profile::mean_profile(base, types);
  if (!base_mean) return base_mean.error();
  auto after_mean = profile::mean_profile(after, types);
  if (!after_mean) return after_mean.error();
  base_mean->default_sample_type = after_mean->default_sample_type = type.type;
  return std::make_pair(std::move(*base_mean), std::move(*after_mean));
}

}  // namespace

Result<void> write_diff_outputs(const std::vector<std::string>& paths, const Runs& base,
                                const Runs& after, const profile::ValueType& type) {
  if (paths.empty()) return {};
  auto means = mean_runs(base, after, type);
  if (!means) return means.error();
  const auto& [base_mean, after_mean] = *means;
  for (const std::string& path : paths) {
    Result<std::string> bytes = std::string();
    if (path.ends_with(".html")) {
      bytes = format::write_diff_html(base_mean, after_mean,
                                      std::filesystem::path(path).filename().string());
    } else {
      // The base scaled to the new total: what remains is the change in share, as the tables
      // show it, even when the runs differ in length or in the CPU they got.
      const int index = profile::value_type_index(base_mean, type);
      const double base_total = static_cast<double>(profile::value_total(base_mean, index));
      const double after_total = static_cast<double>(profile::value_total(after_mean, index));
      auto difference =
          profile::subtract(after_mean, base_mean, base_total != 0 ? after_total / base_total : 1);
      if (!difference) return difference.error();
      difference->comments.push_back(
          "ember diff: new minus base scaled to the new total (as pprof -normalize), per run (" +
          std::to_string(after.size()) + " new, " + std::to_string(base.size()) + " base)");
      bytes = profile::write_pprof(*difference);
    }
    if (!bytes) return bytes.error();
    if (auto written = write_file(path, *bytes); !written) return written;
  }
  return {};
}

}  // namespace ember::tools

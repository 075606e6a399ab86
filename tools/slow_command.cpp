// ember slow PROFILE --latency FILE [--percentile 99] [--threshold-ms N] [--json] [-o slow.html]
// What grows in the seconds when the load's latency is high: the slow seconds against the
// others, each second one run of `ember diff`'s comparison. Exit 0, or 2 when it cannot be made.
#include <iostream>
#include <memory>
#include <optional>

#include "commands.h"
#include "diff_outputs.h"
#include "ember/latency/latency_file.h"
#include "ember/latency/sample_time_labels.h"
#include "ember/latency/slow_split.h"
#include "ember/profile/pprof.h"
#include "ember/profile/profile_diff.h"
#include "ember/profile/sample_type_choice.h"
#include "slow_report.h"

namespace ember::tools {

namespace {

constexpr int kError = 2;

struct SlowOptions {
  std::string profile;
  std::string latency;
  double percentile = 99;
  std::optional<double> threshold_ms;
  std::vector<std::string> outputs;
  std::string sample_index;
  size_t top = 10;
  bool json = false;
  double confidence = 0.95;
};

int fail(const std::string& message) {
  std::cerr << "ember slow: " << message << "\n";
  return kError;
}

int run_slow(const SlowOptions& options) {
  for (const std::string& path : options.outputs)
    if (!path.ends_with(".html") && !path.ends_with(".pb.gz"))
      return fail("unknown output format for '" + path +
                  "': ember slow writes .html (diff flame graph) or .pb.gz (slow minus other)");
  auto series = latency::read_latency_file(options.latency);
  if (!series) return fail(series.error().message);
  auto profile = profile::read_pprof_file(options.profile);
  if (!profile) return fail(options.profile + ": " + profile.error().message);
  if (!latency::take_sample_time_labels(*profile))
    return fail(options.profile +
                " has no sample times: record it with ember record --load 'CMD' (or --latency "
                "FILE), which writes them");
  auto seconds = latency::find_slow_seconds(*series, options.percentile, options.threshold_ms);
  if (!seconds) return fail(seconds.error().message);
  auto type = profile::comparable_sample_type({&*profile}, options.sample_index);
  if (!type) return fail(type.error().message);
  auto split =
      latency::split_by_seconds(*profile, *seconds, profile::value_type_index(*profile, *type));
  if (!split) return fail(split.error().message);

  const profile::ProfileDiff diff = profile::diff_profiles(
      split->rest, split->slow, {*type, profile::DiffKey::function, options.confidence});
  if (auto written = write_diff_outputs(options.outputs, split->rest, split->slow, *type); !written)
    return fail(written.error().message);
  if (options.json) {
    nlohmann::json report = slow_json(*seconds, *profile, diff, options.top);
    // Names are untrusted bytes: replace invalid UTF-8 rather than throw.
    std::cout << report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else {
    print_slow(std::cout, *seconds, *profile, diff, options.top, options.confidence);
  }
  return 0;
}

}  // namespace

CommandRunner add_slow_command(CLI::App& app) {
  auto options = std::make_shared<SlowOptions>();
  CLI::App* slow = app.add_subcommand(
      "slow",
      "What grows in the seconds when the load's latency is high (from ember record --load)");
  slow->add_option("profile", options->profile, "Profile from ember record --load (.pb.gz)")
      ->required();
  slow->add_option("--latency", options->latency,
                   "The load's latencies: latency.csv from ember record --load, hey -o csv, "
                   "Locust's _stats_history.csv, k6's --out json, or unix_time_seconds,latency_ms")
      ->required();
  slow->add_option("--percentile", options->percentile, "Which per-second percentile")
      ->capture_default_str();
  slow->add_option("--threshold-ms", options->threshold_ms,
                   "Seconds above this are slow (default: well above the typical second, as "
                   "printed)");
  slow->add_option("-o,--output", options->outputs,
                   "Output: .html (diff flame graph, slow vs the rest) or .pb.gz; repeatable");
  slow->add_option("--sample-index", options->sample_index, "Sample type to compare");
  slow->add_option("--top", options->top, "Rows per table")->capture_default_str();
  slow->add_option("--confidence", options->confidence, "Confidence level of the noise bands")
      ->capture_default_str()
      ->check(CLI::Range(0.5, 0.999));
  slow->add_flag("--json", options->json, "Print JSON");
  return [options] { return run_slow(*options); };
}

}  // namespace ember::tools

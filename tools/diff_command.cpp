// ember diff BASE NEW | --base a,b,c --new x,y,z  [-o diff.html|diff.pb.gz]... [--json]
//            [--fail-if 'share(REGEX) > +2pts']... [--max-regression PTS]
// Exit 0: within budget; 1: a budget is exceeded; 2: the comparison could not be made.
#include <iostream>
#include <memory>
#include <optional>

#include "commands.h"
#include "diff_gate.h"
#include "diff_outputs.h"
#include "diff_report.h"
#include "ember/format/diff_html.h"
#include "ember/format/json_text.h"
#include "ember/profile/operations.h"
#include "ember/profile/pprof.h"
#include "ember/profile/profile_diff.h"
#include "ember/profile/sample_type_choice.h"
#include "output_files.h"

namespace ember::tools {

namespace {

constexpr int kWithinBudget = 0;
constexpr int kOverBudget = 1;
constexpr int kError = 2;

struct DiffOptions {
  std::string base_positional, new_positional;
  std::vector<std::string> base_files, new_files;
  std::vector<std::string> outputs;
  size_t top = 10;
  std::string sample_index;
  std::string by = "function";
  bool json = false;
  bool user_only = false;
  std::vector<std::string> fail_if;
  std::optional<double> max_regression;
  double confidence = 0.95;
};

using Runs = std::vector<profile::Profile>;

// "a.pb.gz,b.pb.gz" → both files.
void append_list(const std::string& list, std::vector<std::string>& out) {
  for (size_t start = 0; start <= list.size();) {
    size_t end = std::min(list.find(',', start), list.size());
    if (end > start) out.push_back(list.substr(start, end - start));
    start = end + 1;
  }
}

Result<Runs> read_runs(const std::vector<std::string>& files, bool user_only) {
  Runs runs;
  for (const std::string& file : files) {
    auto profile = profile::read_pprof_file(file);
    if (!profile) {
      const std::string& message = profile.error().message;
      if (message.find("malformed") == std::string::npos) return profile.error();
      return make_error(message + " (BASE and NEW must be pprof files, e.g. from ember record)");
    }
    runs.push_back(user_only ? profile::without_kernel_frames(*profile) : std::move(*profile));
  }
  return runs;
}

// Everything that can be checked before reading a profile.
Result<GateOptions> check_options(DiffOptions& options) {
  append_list(options.base_positional, options.base_files);
  append_list(options.new_positional, options.new_files);
  if (options.base_files.empty() || options.new_files.empty())
    return make_error(
        "give BASE and NEW profiles: ember diff BASE NEW, or --base a,b,c --new x,y,z");
  for (const std::string& path : options.outputs)
    if (!path.ends_with(".html") && !path.ends_with(".pb.gz"))
      return make_error("unknown output format for '" + path +
                        "': ember diff writes .html (diff flame graph) or .pb.gz (new minus base)");
  if (!(options.confidence > 0 && options.confidence < 1))
    return make_error("--confidence must lie between 0 and 1, e.g. 0.95");
  GateOptions gate;
  gate.max_regression_points = options.max_regression;
  for (const std::string& text : options.fail_if) {
    auto budget = parse_budget(text);
    if (!budget) return budget.error();
    gate.budgets.push_back(std::move(*budget));
  }
  return gate;
}

int run_diff(DiffOptions& options) {
  auto fail = [](const std::string& message) {
    std::cerr << "ember diff: " << message << "\n";
    return kError;
  };
  auto gate_options = check_options(options);
  if (!gate_options) return fail(gate_options.error().message);
  auto base = read_runs(options.base_files, options.user_only);
  if (!base) return fail(base.error().message);
  auto after = read_runs(options.new_files, options.user_only);
  if (!after) return fail(after.error().message);

  std::vector<const profile::Profile*> all;
  for (const Runs* side : {&*base, &*after})
    for (const profile::Profile& p : *side) all.push_back(&p);
  auto type = profile::comparable_sample_type(all, options.sample_index);
  if (!type) return fail(type.error().message);

  profile::DiffOptions diff_options{*type, profile::DiffKey::function, options.confidence};
  const profile::ProfileDiff by_function = profile::diff_profiles(*base, *after, diff_options);
  diff_options.key = options.by == "stack" ? profile::DiffKey::stack : profile::DiffKey::function;
  const profile::ProfileDiff shown = diff_options.key == profile::DiffKey::function
                                         ? by_function
                                         : profile::diff_profiles(*base, *after, diff_options);
  const GateResult gate = check_gate(*gate_options, *base, *after, by_function, diff_options);

  if (auto written = write_diff_outputs(options.outputs, *base, *after, *type); !written)
    return fail(written.error().message);
  if (options.json) {
    nlohmann::json report = diff_json(shown, options.top, options.confidence);
    report["by"] = options.by;
    report["gate"] = gate_json(gate);
    // Names are untrusted bytes: replace invalid UTF-8 rather than throw.
    std::cout << format::dump_json(std::move(report), 2) << "\n";
  } else {
    print_diff(std::cout, shown, options.top, options.confidence);
    print_gate(std::cout, gate);
  }
  return gate.passed() ? kWithinBudget : kOverBudget;
}

}  // namespace

CommandRunner add_diff_command(CLI::App& app) {
  auto options = std::make_shared<DiffOptions>();
  CLI::App* diff = app.add_subcommand(
      "diff", "Compare profiles (base vs new) and gate on regressions; exit 1 over budget");
  diff->add_option("base", options->base_positional, "Base profile(s), comma-separated");
  diff->add_option("new", options->new_positional, "New profile(s), comma-separated");
  diff->add_option("--base", options->base_files, "Repeated base runs: a.pb.gz,b.pb.gz,...")
      ->delimiter(',');
  diff->add_option("--new", options->new_files, "Repeated new runs: x.pb.gz,y.pb.gz,...")
      ->delimiter(',');
  diff->add_option("-o,--output", options->outputs,
                   "Output: .html (diff flame graph) or .pb.gz (new minus base); repeatable");
  diff->add_option("--top", options->top, "Rows per table")->capture_default_str();
  diff->add_option("--sample-index", options->sample_index,
                   "Sample type to compare (e.g. samples, cpu)");
  diff->add_option("--by", options->by, "Compare by function or by stack")
      ->check(CLI::IsMember({"function", "stack"}))
      ->capture_default_str();
  diff->add_flag("--json", options->json, "Print JSON");
  diff->add_flag("--user-only", options->user_only,
                 "Leave kernel frames out (their time goes to the calling user frame): interrupt "
                 "and scheduler activity differs between runs and machines");
  diff->add_option("--fail-if", options->fail_if,
                   "Budget, e.g. 'share(json::.*) > +2pts' (share/total, self; > or <); "
                   "repeatable");
  diff->add_option("--max-regression", options->max_regression,
                   "Fail when any function's total share grows by more than PTS points");
  diff->add_option("--confidence", options->confidence,
                   "With repeated runs: only changes beyond this confidence level's noise band "
                   "fail")
      ->capture_default_str();
  return [options] { return run_diff(*options); };
}

}  // namespace ember::tools

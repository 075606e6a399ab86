// ember report FILE [--top N] [--sample-index NAME] [--full-names] [--kernel-frames] [--json]
#include <iostream>
#include <memory>

#include "commands.h"
#include "ember/format/json_text.h"
#include "ember/profile/operations.h"
#include "ember/profile/pprof.h"
#include "profile_tables.h"
#include "terminal_text.h"

namespace ember::tools {

namespace {

struct ReportOptions {
  std::string file;
  size_t top = 20;
  std::string sample_index;
  bool full_names = false;
  bool kernel_frames = false;
  bool json = false;
};

int run_report(const ReportOptions& options) {
  auto read = profile::read_pprof_file(options.file);
  if (!read) {
    std::cerr << "ember report: " << read.error().message << "\n";
    return 1;
  }
  // As `ember record` shows waits: ending at the call that waited.
  const profile::Profile profile =
      options.kernel_frames ? std::move(*read) : profile::with_waits_at_user_calls(*read);
  int index = profile.default_value_index();
  if (!options.sample_index.empty()) {
    index = profile.sample_type_index(options.sample_index);
    if (index < 0) {
      std::cerr << "ember report: no sample type '" << options.sample_index << "' in "
                << options.file << "; it has:";
      for (const auto& type : profile.sample_types) std::cerr << " " << type.type;
      std::cerr << "\n";
      return 1;
    }
  }
  if (index < 0) {
    std::cerr << "ember report: " << options.file << " has no sample types\n";
    return 1;
  }
  if (options.json) {
    // The top tables at the top level, as report's JSON has always had them.
    nlohmann::json tables = profile_tables_json(profile, index, options.top);
    nlohmann::json report = std::move(tables["top"]);
    tables.erase("top");
    report.update(tables);
    report["stats"] = profile.stats;
    std::cout << format::dump_json(std::move(report), 2) << "\n";
  } else {
    print_profile_tables(std::cout, profile, index,
                         {options.top, options.full_names, output_width()});
  }
  return 0;
}

}  // namespace

CommandRunner add_report_command(CLI::App& app) {
  auto options = std::make_shared<ReportOptions>();
  CLI::App* report = app.add_subcommand("report", "Print top tables from a pprof file");
  report->add_option("file", options->file, "Profile (.pb.gz, ember's or any pprof)")->required();
  report->add_option("--top", options->top, "Rows per table")->capture_default_str();
  report->add_option("--sample-index", options->sample_index,
                     "Sample type to show (e.g. samples, cpu)");
  report->add_flag("--full-names", options->full_names,
                   "Print whole function names (C++ template arguments and parameters)");
  report->add_flag("--kernel-frames", options->kernel_frames,
                   "Keep the kernel's side of off-CPU and lock waits in stacks");
  report->add_flag("--json", options->json, "Print JSON");
  return [options] { return run_report(*options); };
}

}  // namespace ember::tools

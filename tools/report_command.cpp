// ember report FILE [--top N] [--sample-index NAME] [--json]
#include <iostream>
#include <memory>

#include "commands.h"
#include "ember/format/json_text.h"
#include "ember/profile/pprof.h"
#include "lock_table.h"
#include "top_tables.h"
#include "waker_table.h"

namespace ember::tools {

namespace {

struct ReportOptions {
  std::string file;
  size_t top = 20;
  std::string sample_index;
  bool json = false;
};

int run_report(const ReportOptions& options) {
  auto profile = profile::read_pprof_file(options.file);
  if (!profile) {
    std::cerr << "ember report: " << profile.error().message << "\n";
    return 1;
  }
  int index = profile->default_value_index();
  if (!options.sample_index.empty()) {
    index = profile->sample_type_index(options.sample_index);
    if (index < 0) {
      std::cerr << "ember report: no sample type '" << options.sample_index << "' in "
                << options.file << "; it has:";
      for (const auto& type : profile->sample_types) std::cerr << " " << type.type;
      std::cerr << "\n";
      return 1;
    }
  }
  if (index < 0) {
    std::cerr << "ember report: " << options.file << " has no sample types\n";
    return 1;
  }
  if (options.json) {
    nlohmann::json report = top_tables_json(*profile, index, options.top);
    report["stats"] = profile->stats;
    report["locks"] = lock_table_json(*profile, options.top);
    report["wakers"] = waker_table_json(*profile, options.top);
    std::cout << format::dump_json(std::move(report), 2) << "\n";
  } else {
    print_top_tables(std::cout, *profile, index, options.top);
    print_lock_table(std::cout, *profile, options.top);
    print_waker_table(std::cout, *profile, options.top);
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
  report->add_flag("--json", options->json, "Print JSON");
  return [options] { return run_report(*options); };
}

}  // namespace ember::tools

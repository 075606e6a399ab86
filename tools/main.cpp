// ember: record, report, convert and compare profiles.
#include <iostream>
#include <map>

#include "commands.h"

int main(int argc, char** argv) {
  // Everything after "--" is the command to launch; CLI11 never sees it.
  std::vector<std::string> args, command;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--") {
      command.assign(argv + i + 1, argv + argc);
      break;
    }
    args.emplace_back(argv[i]);
  }
  if (args.empty() && command.empty()) args.emplace_back("--help");

  CLI::App app{"ember: a sampling profiler for Linux backends"};
  app.require_subcommand(1);
  std::map<CLI::App*, ember::tools::CommandRunner> runners;
  auto add = [&](ember::tools::CommandRunner runner) {
    runners[app.get_subcommands({}).back()] = std::move(runner);
  };
  add(ember::tools::add_record_command(app, command));
  add(ember::tools::add_report_command(app));
  add(ember::tools::add_convert_command(app));
  add(ember::tools::add_diff_command(app));
  add(ember::tools::add_mark_command(app));
  add(ember::tools::add_slow_command(app));
  add(ember::tools::add_dump_command(app));

  std::reverse(args.begin(), args.end());  // CLI11 parses a reversed vector
  try {
    app.parse(args);
  } catch (const CLI::ParseError& error) {
    // Usage errors exit 2, as `ember diff` documents for every error; --help exits 0.
    return app.exit(error) == 0 ? 0 : 2;
  }
  for (auto& [subcommand, run] : runners)
    if (subcommand->parsed()) return run();
  return 2;
}

// The `ember` subcommands. Each registers its options on the CLI11 app and runs from main().
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace ember::tools {

// A registered subcommand: running it returns the process exit code.
using CommandRunner = std::function<int()>;

// `command` holds the arguments after "--" (record launches them).
CommandRunner add_record_command(CLI::App& app, const std::vector<std::string>& command);
CommandRunner add_report_command(CLI::App& app);
CommandRunner add_convert_command(CLI::App& app);
CommandRunner add_diff_command(CLI::App& app);
CommandRunner add_mark_command(CLI::App& app);
CommandRunner add_slow_command(CLI::App& app);
CommandRunner add_dump_command(CLI::App& app);

}  // namespace ember::tools

// ember record [--pid PID]... [--duration D] [--frequency HZ] [-o FILE]... [--output-dir DIR]
//              [--json] [-- COMMAND ARGS...]
#include <csignal>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>

#include "commands.h"
#include "duration.h"
#include "ember/daemon/recording.h"
#include "output_files.h"
#include "record_summary.h"
#include "top_tables.h"

namespace ember::tools {

namespace {

struct RecordOptions {
  std::vector<uint32_t> pids;
  std::vector<std::string> command;
  std::string duration;
  int frequency = 99;
  std::string mode = "cpu";
  std::string unwind = "auto";
  uint32_t stack_copy_bytes = 16 * 1024;
  std::vector<std::string> outputs;
  std::string output_dir;
  bool json = false;
  size_t top = 15;
};

daemon::Recording* active_recording = nullptr;

void on_stop_signal(int) {
  if (active_recording) active_recording->request_stop();
}

void install_stop_handlers(daemon::Recording* recording) {
  active_recording = recording;
  struct sigaction action {};
  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

int fail(const std::string& message) {
  std::cerr << "ember record: " << message << "\n";
  return 1;
}

// The files to write: -o as given, else one per mode in --output-dir, else the defaults.
Result<std::vector<std::string>> output_paths(const RecordOptions& options) {
  std::vector<std::string> paths = options.outputs;
  if (!options.output_dir.empty()) {
    std::error_code error;
    std::filesystem::create_directories(options.output_dir, error);
    if (error) return make_error("cannot create '" + options.output_dir + "': " + error.message());
    paths.push_back(options.output_dir + "/" + options.mode + ".pb.gz");
    paths.push_back(options.output_dir + "/flame.html");
  }
  if (paths.empty()) paths = {"profile.pb.gz", "profile.html"};
  for (const auto& path : paths)
    if (auto known = check_output_format(path); !known) return known.error();
  return paths;
}

int run_record(RecordOptions options) {
  if (options.mode != "cpu")
    return fail("mode '" + options.mode + "' is not available yet; use --mode cpu");
  static const std::map<std::string, daemon::UnwindMode> unwind_modes = {
      {"auto", daemon::UnwindMode::automatic},
      {"fp", daemon::UnwindMode::frame_pointers},
      {"dwarf", daemon::UnwindMode::dwarf}};
  auto unwind = unwind_modes.find(options.unwind);
  if (unwind == unwind_modes.end())
    return fail("unknown --unwind '" + options.unwind + "': use auto, fp or dwarf");
  auto paths = output_paths(options);
  if (!paths) return fail(paths.error().message);
  daemon::RecordingOptions recording_options{.pids = options.pids,
                                             .command = options.command,
                                             .frequency_hz = options.frequency,
                                             .unwind = unwind->second,
                                             .stack_copy_bytes = options.stack_copy_bytes};
  if (!options.duration.empty()) {
    auto duration = parse_duration(options.duration);
    if (!duration) return fail(duration.error().message);
    recording_options.duration = *duration;
  }

  auto recording = daemon::Recording::start(recording_options);
  if (!recording) return fail(recording.error().message);
  install_stop_handlers(recording->get());
  if (!options.json)
    std::cerr << "ember: profiling at " << options.frequency << " Hz"
              << (options.duration.empty() ? "" : " for " + options.duration)
              << "; press Ctrl-C to stop\n";
  auto ran = (*recording)->run();
  if (!ran)
    std::cerr << "ember record: " << ran.error().message << "; writing what was collected\n";

  const profile::Profile profile = (*recording)->profile();
  int status = ran ? 0 : 1;
  for (const auto& path : *paths)
    if (auto written = write_output(profile, path); !written)
      status = fail(written.error().message);

  const int index = profile.default_value_index();
  if (options.json) {
    nlohmann::json summary = {{"duration_nanos", profile.duration_nanos},
                              {"stats", profile.stats},
                              {"outputs", *paths},
                              {"top", top_tables_json(profile, index, options.top)}};
    if (auto exit_status = (*recording)->command_exit_status())
      summary["command_exit_status"] = *exit_status;
    std::cout << summary.dump(2) << "\n";
  } else {
    print_record_summary(std::cout, profile, *paths);
    print_top_tables(std::cout, profile, index, options.top);
  }
  active_recording = nullptr;
  return status;
}

}  // namespace

CommandRunner add_record_command(CLI::App& app, const std::vector<std::string>& command) {
  auto options = std::make_shared<RecordOptions>();
  options->command = command;
  CLI::App* record =
      app.add_subcommand("record", "Profile running processes (--pid) or a command (after --)");
  record->add_option("-p,--pid", options->pids, "Process to profile, all its threads (repeatable)");
  record->add_option("-d,--duration", options->duration,
                     "How long, e.g. 30s (default: until Ctrl-C or the target exits)");
  record->add_option("-F,--frequency", options->frequency, "Samples per second per CPU")
      ->capture_default_str();
  record->add_option("--mode", options->mode, "What to profile: cpu")->capture_default_str();
  record
      ->add_option("--unwind", options->unwind,
                   "User stacks: fp (frame pointers), dwarf (CFI from a stack copy), auto "
                   "(CFI, frame pointers where CFI falls short)")
      ->capture_default_str();
  record
      ->add_option("--stack-copy", options->stack_copy_bytes,
                   "Bytes of user stack copied per sample for dwarf/auto (max 32768)")
      ->capture_default_str()
      ->check(CLI::Range(512, 32768));
  record->add_option("-o,--output", options->outputs,
                     "Output file; the extension picks the format: .pb.gz .folded "
                     ".speedscope.json .svg .html (repeatable)");
  record->add_option("--output-dir", options->output_dir, "Write MODE.pb.gz and flame.html here");
  record->add_option("--top", options->top, "Rows in the printed top tables")
      ->capture_default_str();
  record->add_flag("--json", options->json, "Print the summary as JSON");
  return [options] { return run_record(*options); };
}

}  // namespace ember::tools

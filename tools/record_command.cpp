// ember record [--pid PID]... [--cgroup PATH] [--all] [--duration D] [--frequency HZ] [--mode
// cpu,offcpu,lock,alloc|all]
//              [-o FILE]... [--output-dir DIR] [--json] [-- COMMAND ARGS...]
#include <algorithm>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "commands.h"
#include "ember/daemon/duration.h"
#include "ember/daemon/modes.h"
#include "ember/daemon/node_perf_map_hint.h"
#include "ember/daemon/recording.h"
#include "ember/daemon/recording_option_table.h"
#include "ember/format/json_text.h"
#include "ember/latency/sample_time_labels.h"
#include "ember/profile/operations.h"
#include "load_command.h"
#include "load_summary.h"
#include "lock_table.h"
#include "output_files.h"
#include "profile_tables.h"
#include "record_summary.h"
#include "terminal_text.h"

namespace ember::tools {

namespace {

// A recording option of the shared table as the command line took it.
struct TableOption {
  const daemon::RecordingOption* option;
  CLI::Option* parsed = nullptr;
  std::string value;
  bool switched = false;
};

struct RecordOptions {
  std::vector<uint32_t> pids;
  std::vector<std::string> command;
  std::string cgroup;
  bool all = false;
  std::string duration;
  std::string mode = "cpu";
  std::vector<TableOption> table;  // every daemon::recording_option_table() entry
  std::vector<std::string> outputs;
  std::string output_dir;
  bool json = false;
  size_t top = 15;
  bool full_names = false;
  bool kernel_frames = false;
  LoadOptions load;
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

// --mode: a comma-separated list of modes, or "all".
Result<std::vector<daemon::Mode>> parse_modes(const std::string& text) {
  std::vector<std::string> names;
  std::stringstream list(text);
  for (std::string name; std::getline(list, name, ',');) names.push_back(name);
  auto modes = daemon::parse_modes(names);
  if (!modes) return make_error("--mode: " + modes.error().message);
  return modes;
}

// A file to write and the profile that goes in it: a mode's ("cpu", "offcpu", "wall"), or
// empty for all of them combined (one sample type per profile).
struct OutputFile {
  std::string path;
  std::string profile;
};

// -o as given, and one file per profile in --output-dir with flame.html holding them all;
// else the defaults.
Result<std::vector<OutputFile>> output_files(const RecordOptions& options,
                                             const std::vector<std::string>& profiles) {
  std::vector<OutputFile> files;
  for (const auto& path : options.outputs) files.push_back({path, ""});
  if (!options.output_dir.empty()) {
    std::error_code error;
    std::filesystem::create_directories(options.output_dir, error);
    if (error) return make_error("cannot create '" + options.output_dir + "': " + error.message());
    for (const auto& name : profiles)
      files.push_back({options.output_dir + "/" + name + ".pb.gz", name});
    files.push_back({options.output_dir + "/flame.html", ""});
  }
  if (files.empty()) files = {{"profile.pb.gz", ""}, {"profile.html", ""}};
  for (const auto& file : files)
    if (auto known = check_output_format(file.path); !known) return known.error();
  return files;
}

// The summary and tables of one profile, for people.
void print_profile(std::ostream& out, const daemon::NamedProfile& named,
                   const std::vector<std::string>& paths, const RecordOptions& options) {
  print_record_summary(out, named.profile, paths);
  print_profile_tables(out, named.profile, named.profile.default_value_index(),
                       {options.top, options.full_names, output_width()});
}

nlohmann::json profile_json(const profile::Profile& profile, size_t top) {
  nlohmann::json json = profile_tables_json(profile, profile.default_value_index(), top);
  json["duration_nanos"] = profile.duration_nanos;
  json["stats"] = profile.stats;
  return json;
}

// Waits end at the call that waited, their kernel side folded into it, unless kernel frames
// were asked for; the HTML page gets them all and folds them itself, with a switch.
std::vector<daemon::NamedProfile> shown_profiles(std::vector<daemon::NamedProfile> profiles,
                                                 const RecordOptions& options) {
  if (!options.kernel_frames)
    for (auto& named : profiles) named.profile = profile::with_waits_at_user_calls(named.profile);
  return profiles;
}

profile::Profile combined(const std::vector<daemon::NamedProfile>& profiles) {
  std::vector<profile::Profile> parts;
  for (const auto& named : profiles) parts.push_back(named.profile);
  return parts.size() == 1 ? parts.front() : profile::combine(parts);
}

// The table's options the command line gave, applied over RecordingOptions' defaults.
Result<void> apply_table_options(const RecordOptions& options,
                                 daemon::RecordingOptions& recording) {
  for (const TableOption& given : options.table) {
    if (given.parsed->count() == 0) continue;
    const std::string text =
        given.option->is_switch ? std::string(given.option->switch_value) : given.value;
    if (auto applied = given.option->apply(recording, text); !applied)
      return make_error(given.parsed->get_name() + ": " + applied.error().message);
  }
  return {};
}

// --load: the load command, started now; it ends the recording when it exits unless a duration
// was given. Null with --latency alone.
Result<std::unique_ptr<LoadCommand>> start_load(const RecordOptions& options,
                                                daemon::Recording& recording) {
  if (options.load.command.empty()) return std::unique_ptr<LoadCommand>();
  const bool stop_on_exit = options.duration.empty();
  return LoadCommand::start(options.load.command, options.json, [&recording, stop_on_exit] {
    if (stop_on_exit) recording.request_stop();
  });
}

// Where latency.csv goes: beside the profiles.
std::string beside(const RecordOptions& options, const std::vector<OutputFile>& files) {
  if (!options.output_dir.empty()) return options.output_dir;
  const std::string parent = std::filesystem::path(files.front().path).parent_path().string();
  return parent.empty() ? "." : parent;
}

int run_record(RecordOptions options) {
  auto modes = parse_modes(options.mode);
  if (!modes) return fail(modes.error().message);
  daemon::RecordingOptions recording_options{.pids = options.pids,
                                             .command = options.command,
                                             .cgroup = options.cgroup,
                                             .all_processes = options.all};
  recording_options.modes = *modes;
  if (auto applied = apply_table_options(options, recording_options); !applied)
    return fail(applied.error().message);
  auto files =
      output_files(options, daemon::profile_names(*modes, recording_options.offcpu_wakers));
  if (!files) return fail(files.error().message);
  if (!options.duration.empty()) {
    auto duration = daemon::parse_duration(options.duration);
    if (!duration) return fail(duration.error().message);
    recording_options.duration = std::chrono::duration_cast<std::chrono::milliseconds>(*duration);
  }

  auto recording = daemon::Recording::start(recording_options);
  if (!recording) return fail(recording.error().message);
  for (uint32_t pid : options.pids)
    if (auto hint = daemon::node_perf_map_hint("/proc", pid))
      std::cerr << "ember record: " << *hint << "\n";
  install_stop_handlers(recording->get());
  auto load = start_load(options, **recording);
  if (!load) return fail(load.error().message);
  if (!options.json)
    std::cerr << "ember: profiling (" << options.mode << ") at " << recording_options.frequency_hz
              << " Hz" << (options.duration.empty() ? "" : " for " + options.duration)
              << "; press Ctrl-C to stop\n";
  auto ran = (*recording)->run();
  if (!ran)
    std::cerr << "ember record: " << ran.error().message << "; writing what was collected\n";

  std::vector<daemon::NamedProfile> recorded = (*recording)->profiles();
  if (options.load.wanted())  // so that `ember slow` can cut the files by the load's seconds
    for (auto& named : recorded) latency::add_sample_time_labels(named.profile);
  const std::vector<daemon::NamedProfile> profiles = shown_profiles(recorded, options);
  const profile::Profile all = combined(profiles);
  const profile::Profile all_for_html = combined(recorded);
  int status = ran ? 0 : 1;
  std::vector<std::string> paths;
  for (const auto& file : *files) {
    const profile::Profile* chosen = file.path.ends_with(".html") ? &all_for_html : &all;
    for (const auto& named : profiles)
      if (named.name == file.profile) chosen = &named.profile;
    paths.push_back(file.path);
    if (auto written = write_output(*chosen, file.path); !written)
      status = fail(written.error().message);
  }

  if (options.json) {
    nlohmann::json summary = profile_json(profiles.front().profile, options.top);
    summary["outputs"] = paths;
    if (profiles.size() > 1)
      for (const auto& named : profiles)
        summary["profiles"][named.name] = profile_json(named.profile, options.top);
    if (auto exit_status = (*recording)->command_exit_status())
      summary["command_exit_status"] = *exit_status;
    if (options.load.wanted())
      status = std::max(status, finish_load(options.load, load->get(), profiles.front().profile,
                                            beside(options, *files), std::cout, &summary));
    std::cout << format::dump_json(std::move(summary), 2) << "\n";
  } else {
    for (size_t i = 0; i < profiles.size(); ++i) {
      if (profiles.size() > 1) std::cout << "== " << profiles[i].name << " ==\n";
      print_profile(std::cout, profiles[i],
                    i + 1 == profiles.size() ? paths : std::vector<std::string>{}, options);
    }
    if (options.load.wanted())
      status = std::max(status, finish_load(options.load, load->get(), profiles.front().profile,
                                            beside(options, *files), std::cout, nullptr));
  }
  active_recording = nullptr;
  return status;
}

}  // namespace

CommandRunner add_record_command(CLI::App& app, const std::vector<std::string>& command) {
  auto options = std::make_shared<RecordOptions>();
  options->command = command;
  CLI::App* record = app.add_subcommand(
      "record", "Profile running processes (--pid, --cgroup, --all) or a command (after --)");
  record->add_option("-p,--pid", options->pids, "Process to profile, all its threads (repeatable)");
  record->add_option("--cgroup", options->cgroup,
                     "Profile every process of this cgroup (v2) and below it, also ones that "
                     "start or move there later, e.g. /system.slice/nginx.service");
  record->add_flag("-a,--all", options->all, "Profile every process on the host (but ember)");
  record->add_option("-d,--duration", options->duration,
                     "How long, e.g. 30s (default: until Ctrl-C or the target exits)");
  record
      ->add_option(
          "--mode", options->mode,
          "What to profile: cpu, offcpu (where threads wait), lock (lock contention), alloc "
          "(allocated bytes), a comma-separated list, or all")
      ->capture_default_str();
  const daemon::RecordingOptions defaults;
  options->table.reserve(daemon::recording_option_table().size());  // CLI11 keeps pointers
  for (const daemon::RecordingOption& option : daemon::recording_option_table()) {
    options->table.push_back(
        {.option = &option, .parsed = nullptr, .value = {}, .switched = false});
    TableOption& given = options->table.back();
    const std::string flags(option.flags), help(option.help);
    given.parsed =
        option.is_switch
            ? record->add_flag(flags, given.switched, help)
            : record->add_option(flags, given.value, help)->default_str(option.show(defaults));
  }
  record->add_option("-o,--output", options->outputs,
                     "Output file; the extension picks the format: .pb.gz .folded "
                     ".speedscope.json .svg .html (repeatable)");
  record->add_option("--output-dir", options->output_dir,
                     "Write one MODE.pb.gz per profile (and wall.pb.gz) and flame.html here");
  record->add_option("--top", options->top, "Rows in the printed top tables")
      ->capture_default_str();
  record->add_flag("--full-names", options->full_names,
                   "Print whole function names (C++ template arguments and parameters)");
  record->add_flag("--kernel-frames", options->kernel_frames,
                   "Keep the kernel's side of off-CPU and lock waits in stacks (default: the "
                   "call that waited is the leaf)");
  record->add_flag("--json", options->json, "Print the summary as JSON");
  add_load_options(*record, options->load);
  return [options] { return run_record(*options); };
}

}  // namespace ember::tools

// ember record [--pid PID]... [--cgroup PATH] [--all] [--duration D] [--frequency HZ] [--mode
// cpu,offcpu,lock,alloc|all]
//              [-o FILE]... [--output-dir DIR] [--json] [-- COMMAND ARGS...]
#include <algorithm>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

#include "commands.h"
#include "duration.h"
#include "ember/daemon/modes.h"
#include "ember/daemon/recording.h"
#include "ember/latency/sample_time_labels.h"
#include "ember/profile/operations.h"
#include "load_command.h"
#include "load_summary.h"
#include "lock_table.h"
#include "output_files.h"
#include "record_summary.h"
#include "thread_table.h"
#include "top_tables.h"
#include "waker_table.h"

namespace ember::tools {

namespace {

struct RecordOptions {
  std::vector<uint32_t> pids;
  std::vector<std::string> command;
  std::string cgroup;
  bool all = false;
  std::string duration;
  int frequency = 99;
  std::string mode = "cpu";
  std::string unwind = "auto";
  std::string offcpu_min = "20us";
  bool no_wakers = false;
  uint32_t stack_copy_bytes = 16 * 1024;
  uint64_t alloc_sample_bytes = 512 * 1024;
  double alloc_max_overhead = 2;
  std::vector<std::string> outputs;
  std::string output_dir;
  bool json = false;
  size_t top = 15;
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
                   const std::vector<std::string>& paths, size_t top) {
  print_record_summary(out, named.profile, paths);
  const int index = named.profile.default_value_index();
  if (named.name != "wall") print_top_tables(out, named.profile, index, top);
  print_thread_table(out, named.profile, index);
  print_lock_table(out, named.profile, top);
  print_waker_table(out, named.profile, top);
}

nlohmann::json profile_json(const profile::Profile& profile, size_t top) {
  const int index = profile.default_value_index();
  return {
      {"duration_nanos", profile.duration_nanos},    {"stats", profile.stats},
      {"top", top_tables_json(profile, index, top)}, {"threads", thread_table_json(profile, index)},
      {"locks", lock_table_json(profile, top)},      {"wakers", waker_table_json(profile, top)}};
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
  static const std::map<std::string, daemon::UnwindMode> unwind_modes = {
      {"auto", daemon::UnwindMode::automatic},
      {"fp", daemon::UnwindMode::frame_pointers},
      {"dwarf", daemon::UnwindMode::dwarf}};
  auto unwind = unwind_modes.find(options.unwind);
  if (unwind == unwind_modes.end())
    return fail("unknown --unwind '" + options.unwind + "': use auto, fp or dwarf");
  auto files = output_files(options, daemon::profile_names(*modes, !options.no_wakers));
  if (!files) return fail(files.error().message);
  daemon::RecordingOptions recording_options{.pids = options.pids,
                                             .command = options.command,
                                             .cgroup = options.cgroup,
                                             .all_processes = options.all,
                                             .frequency_hz = options.frequency,
                                             .unwind = unwind->second,
                                             .stack_copy_bytes = options.stack_copy_bytes};
  recording_options.modes = *modes;
  if (!options.duration.empty()) {
    auto duration = parse_duration(options.duration);
    if (!duration) return fail(duration.error().message);
    recording_options.duration = std::chrono::duration_cast<std::chrono::milliseconds>(*duration);
  }
  auto min_block = parse_duration(options.offcpu_min);
  if (!min_block) return fail("--offcpu-min: " + min_block.error().message);
  recording_options.offcpu_min_block = *min_block;
  recording_options.offcpu_wakers = !options.no_wakers;
  recording_options.alloc_sample_bytes = options.alloc_sample_bytes;
  recording_options.alloc_max_overhead_percent = options.alloc_max_overhead;

  auto recording = daemon::Recording::start(recording_options);
  if (!recording) return fail(recording.error().message);
  install_stop_handlers(recording->get());
  auto load = start_load(options, **recording);
  if (!load) return fail(load.error().message);
  if (!options.json)
    std::cerr << "ember: profiling (" << options.mode << ") at " << options.frequency << " Hz"
              << (options.duration.empty() ? "" : " for " + options.duration)
              << "; press Ctrl-C to stop\n";
  auto ran = (*recording)->run();
  if (!ran)
    std::cerr << "ember record: " << ran.error().message << "; writing what was collected\n";

  std::vector<daemon::NamedProfile> profiles = (*recording)->profiles();
  if (options.load.wanted())  // so that `ember slow` can cut the files by the load's seconds
    for (auto& named : profiles) latency::add_sample_time_labels(named.profile);
  std::vector<profile::Profile> parts;
  for (const auto& named : profiles) parts.push_back(named.profile);
  const profile::Profile combined = parts.size() == 1 ? parts.front() : profile::combine(parts);
  int status = ran ? 0 : 1;
  std::vector<std::string> paths;
  for (const auto& file : *files) {
    const profile::Profile* chosen = &combined;
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
    std::cout << summary.dump(2) << "\n";
  } else {
    for (size_t i = 0; i < profiles.size(); ++i) {
      if (profiles.size() > 1) std::cout << "== " << profiles[i].name << " ==\n";
      print_profile(std::cout, profiles[i],
                    i + 1 == profiles.size() ? paths : std::vector<std::string>{}, options.top);
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
  record->add_option("-F,--frequency", options->frequency, "Samples per second per CPU")
      ->capture_default_str();
  record
      ->add_option(
          "--mode", options->mode,
          "What to profile: cpu, offcpu (where threads wait), lock (lock contention), alloc "
          "(allocated bytes), a comma-separated list, or all")
      ->capture_default_str();
  record
      ->add_option("--offcpu-min", options->offcpu_min,
                   "Off-CPU waits shorter than this get no stack (their time is still counted)")
      ->capture_default_str();
  record->add_flag("--no-wakers", options->no_wakers,
                   "Off-CPU: skip the stacks of what woke each wait (one capture less per wait)");
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
  record
      ->add_option("--alloc-sample", options->alloc_sample_bytes,
                   "alloc with -- CMD: mean bytes between sampled allocations (0: memory growth "
                   "from brk, mmap and page faults instead, as with --pid)")
      ->capture_default_str();
  record
      ->add_option("--alloc-max-overhead", options->alloc_max_overhead,
                   "alloc with -- CMD: most of each thread's time, in percent, spent reporting "
                   "sampled allocations; beyond it a thread samples less often (0: no limit)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 50.0));
  record->add_option("-o,--output", options->outputs,
                     "Output file; the extension picks the format: .pb.gz .folded "
                     ".speedscope.json .svg .html (repeatable)");
  record->add_option("--output-dir", options->output_dir,
                     "Write one MODE.pb.gz per profile (and wall.pb.gz) and flame.html here");
  record->add_option("--top", options->top, "Rows in the printed top tables")
      ->capture_default_str();
  record->add_flag("--json", options->json, "Print the summary as JSON");
  add_load_options(*record, options->load);
  return [options] { return run_record(*options); };
}

}  // namespace ember::tools

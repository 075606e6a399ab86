// ember dump --pid PID [--json] [--kernel-frames]: the stack of every thread of running
// processes, once, with runtime frames (Python) in their places: the first thing to run on a
// hung service. It watches the threads for a moment (a short recording of on-CPU and off-CPU
// time) and shows each thread's stack where it spent that moment: a blocked thread where it
// waits, a busy one where it runs.
#include <chrono>
#include <iostream>
#include <memory>

#include "commands.h"
#include "ember/daemon/duration.h"
#include "ember/daemon/recording.h"
#include "ember/format/json_text.h"
#include "terminal_text.h"
#include "thread_dump.h"

namespace ember::tools {

namespace {

struct DumpOptions {
  std::vector<uint32_t> pids;
  std::string watch = "200ms";
  bool kernel_frames = false;
  bool json = false;
};

int fail(const std::string& message) {
  std::cerr << "ember dump: " << message << "\n";
  return 2;
}

std::string frame_text(const DumpFrame& frame) {
  std::string text = terminal_text(frame.function);
  if (!frame.file.empty())
    text += "  (" + terminal_text(frame.file) +
            (frame.line > 0 ? ":" + std::to_string(frame.line) : "") + ")";
  return text;
}

void print_dump(std::ostream& out, const std::vector<ThreadStack>& threads, int64_t watched,
                bool kernel_frames) {
  int64_t pid = -1;
  for (const ThreadStack& thread : threads) {
    if (thread.pid != pid) {
      pid = thread.pid;
      out << "Process " << pid << " " << terminal_text(thread.process) << "\n\n";
    }
    out << "Thread " << thread.tid << " \"" << terminal_text(thread.thread_name)
        << "\": " << thread.state;
    if (watched > 0) out << " (" << thread.nanos * 100 / watched << "% of the time watched)";
    out << "\n";
    size_t shown = 0;
    for (const DumpFrame& frame : thread.frames)
      if (kernel_frames || !frame.kernel) {
        out << "    " << frame_text(frame) << "\n";
        ++shown;
      }
    if (shown == 0) out << "    (no stack: its waits were too short to capture one)\n";
    out << "\n";
  }
}

nlohmann::json threads_json(const std::vector<ThreadStack>& threads, int64_t watched) {
  nlohmann::json json = {{"watched_nanos", watched}, {"threads", nlohmann::json::array()}};
  for (const ThreadStack& thread : threads) {
    nlohmann::json frames = nlohmann::json::array();
    for (const DumpFrame& frame : thread.frames)
      frames.push_back({{"function", frame.function},
                        {"file", frame.file},
                        {"line", frame.line},
                        {"kernel", frame.kernel}});
    json["threads"].push_back({{"pid", thread.pid},
                               {"tid", thread.tid},
                               {"process", thread.process},
                               {"thread_name", thread.thread_name},
                               {"state", thread.state},
                               {"nanos", thread.nanos},
                               {"frames", std::move(frames)}});
  }
  return json;
}

int run_dump(const DumpOptions& options) {
  auto watch = daemon::parse_duration(options.watch);
  if (!watch) return fail(watch.error().message);
  daemon::RecordingOptions recording_options;
  recording_options.modes = {daemon::Mode::cpu, daemon::Mode::offcpu};
  recording_options.pids = options.pids;
  recording_options.duration = std::chrono::duration_cast<std::chrono::milliseconds>(*watch);
  recording_options.frequency_hz = 999;  // a thread that runs a tenth of the moment is seen
  recording_options.offcpu_wakers = false;
  auto recording = daemon::Recording::start(recording_options);
  if (!recording) return fail(recording.error().message);
  if (auto ran = (*recording)->run(); !ran) return fail(ran.error().message);
  for (const daemon::NamedProfile& named : (*recording)->profiles()) {
    if (named.name != "wall") continue;
    const std::vector<ThreadStack> threads = thread_stacks(named.profile);
    if (options.json)
      std::cout << format::dump_json(threads_json(threads, named.profile.duration_nanos), 2)
                << "\n";
    else
      print_dump(std::cout, threads, named.profile.duration_nanos, options.kernel_frames);
    return 0;
  }
  return fail("the recording gave no wall-clock profile");
}

}  // namespace

CommandRunner add_dump_command(CLI::App& app) {
  auto options = std::make_shared<DumpOptions>();
  CLI::App* dump = app.add_subcommand(
      "dump", "Print the stack of every thread of running processes, once (Python frames too)");
  dump->add_option("-p,--pid", options->pids, "Process to dump, all its threads (repeatable)")
      ->required();
  dump->add_option("--watch", options->watch,
                   "How long to watch the threads to find where each one is (default 200ms)");
  dump->add_flag("--kernel-frames", options->kernel_frames, "Show the kernel's frames too");
  dump->add_flag("--json", options->json, "Print JSON instead of text");
  return [options] { return run_dump(*options); };
}

}  // namespace ember::tools

#include "load_summary.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <set>
#include <sstream>

#include "ember/latency/latency_file.h"
#include "ember/latency/latency_json.h"
#include "ember/latency/slow_seconds.h"
#include "output_files.h"
#include "slow_report.h"
#include "terminal_text.h"

namespace ember::tools {

namespace {

constexpr int64_t kSecond = 1'000'000'000;
constexpr size_t kMaxPrintedSeconds = 60;

Result<latency::Series> read_latencies(const LoadOptions& options, LoadCommand* command) {
  const std::optional<int64_t> start =
      command ? std::optional<int64_t>(command->started_nanos()) : std::nullopt;
  std::string file = options.latency_file;
  if (file.empty() && command) file = named_latency_file(options.command);
  if (!file.empty()) return latency::read_latency_file(file, start);
  if (command->truncated())
    return make_error(
        "the --load command printed more than 1 GiB: have it write a file and "
        "name it with --latency");
  auto series = latency::parse_latency(command->output(), start);
  if (!series)
    return make_error("the --load command's output: " + series.error().message +
                      " (or name the file it writes with --latency)");
  return series;
}

std::string ms_text(double ms) {
  char text[32];
  std::snprintf(text, sizeof text, std::isnan(ms) ? "-" : "%.1f", ms);
  return text;
}

void print_seconds(std::ostream& out, const latency::Series& series,
                   const latency::SlowSeconds& slow, int64_t profile_start) {
  out << "Load latency per second (p99 above " << ms_text(slow.threshold_ms)
      << " ms is slow: " << threshold_rule(slow) << "):\n";
  char line[96];
  std::snprintf(line, sizeof line, "%8s %9s %9s %9s\n", "second", "requests", "p50 ms", "p99 ms");
  out << line;
  const bool all = series.seconds.size() <= kMaxPrintedSeconds;
  const std::set<int64_t> slow_set(slow.slow.begin(), slow.slow.end());
  for (const latency::Second& s : series.seconds) {
    const bool is_slow = slow_set.count(s.unix_second) > 0;
    if (!all && !is_slow) continue;
    std::snprintf(line, sizeof line, "%+7llds %9lld %9s %9s%s\n",
                  static_cast<long long>(s.unix_second - profile_start / kSecond),
                  static_cast<long long>(s.requests), ms_text(s.p50_ms).c_str(),
                  ms_text(s.p99_ms).c_str(), is_slow ? "  slow" : "");
    out << line;
  }
  if (!all) out << "(slow seconds only: " << series.seconds.size() << " seconds in all)\n";
  out << slow.slow.size() << " slow of " << series.seconds.size() << " seconds\n";
}

}  // namespace

std::string named_latency_file(const std::string& command) {
  std::istringstream words(command);
  std::vector<std::string> args;
  for (std::string word; words >> word;) args.push_back(word);
  auto value = [&](size_t i, const std::string& flag) -> std::string {
    if (args[i] == flag && i + 1 < args.size()) return args[i + 1];
    if (args[i].starts_with(flag + "=")) return args[i].substr(flag.size() + 1);
    return "";
  };
  for (size_t i = 0; i < args.size(); ++i) {
    if (std::string prefix = value(i, "--csv"); !prefix.empty())
      return prefix + "_stats_history.csv";
    for (const char* flag : {"--out", "-o"})
      if (std::string out = value(i, flag); out.starts_with("json=")) return out.substr(5);
  }
  return "";
}

int finish_load(const LoadOptions& options, LoadCommand* command, const profile::Profile& profile,
                const std::string& dir, std::ostream& out, nlohmann::json* json) {
  int status = 0;
  nlohmann::json load = nlohmann::json::object();
  if (command) {
    const int exit_status = command->wait();
    load["command_exit_status"] = exit_status;
    if (exit_status != 0) {
      std::cerr << "ember record: the --load command exited with status " << exit_status
                << "; the profiles are written\n";
      status = 1;
    }
  }
  auto series = read_latencies(options, command);
  auto usable = [&]() -> Result<latency::SlowSeconds> {
    if (!series) return series.error();
    const int64_t first = series->seconds.front().unix_second * kSecond;
    const int64_t last = (series->seconds.back().unix_second + 1) * kSecond;
    if (last <= profile.time_nanos || first >= profile.time_nanos + profile.duration_nanos)
      return make_error(
          "the latencies' times lie outside the profile: give the latency file of "
          "this run");
    return latency::find_slow_seconds(*series, 99, std::nullopt);
  }();
  if (!usable) {
    std::cerr << "ember record: " << usable.error().message << "\n";
    if (json) (*json)["load"] = load;
    return 2;
  }
  const std::string path = (std::filesystem::path(dir) / "latency.csv").string();
  if (auto written = write_file(path, latency::write_latency_csv(*series)); !written) {
    std::cerr << "ember record: " << written.error().message << "\n";
    return 2;
  }
  if (json) {
    nlohmann::json windows = nlohmann::json::array();
    for (const auto& [start, end] : usable->windows) windows.push_back({start, end});
    load["latency_file"] = path;
    load["requests"] = series->requests.size();
    load["seconds"] = latency::seconds_json(*series);
    load["threshold_ms"] = usable->threshold_ms;
    load["slow_windows"] = std::move(windows);
    (*json)["load"] = std::move(load);
  } else {
    out << "\n";
    print_seconds(out, *series, *usable, profile.time_nanos);
    out << "Latencies: " << terminal_text(path) << " (ember slow PROFILE --latency "
        << terminal_text(path) << ")\n";
  }
  return status;
}

}  // namespace ember::tools

#include "session_json.h"

#include "ember/daemon/profile_sources.h"
#include "ember/daemon/recording_option_table.h"
#include "ember/format/json_text.h"

namespace ember::emberd {

using nlohmann::json;

json marker_json(const daemon::Marker& marker) {
  return {{"time_nanos", marker.time_nanos}, {"label", marker.label}};
}

json session_json(daemon::Session& session) {
  const daemon::SessionOptions& options = session.options();
  const daemon::SessionStatus status = session.status();
  const auto latency = session.latency();
  json markers = json::array();
  for (const auto& marker : status.markers) markers.push_back(marker_json(marker));
  json stats = json::object();
  for (const auto& [name, value] : session.stats()) stats[name] = value;
  // How people read the session's profiles, from the table of profile sources.
  json labels = json::object();
  for (const std::string& name : options.modes)
    for (const daemon::ProfileSource& source : daemon::profile_sources())
      if (source.name == name) labels[name] = source.label;
  // Every recording option as a request would set it (ember record's, by the shared table).
  json recording = json::object();
  for (const daemon::RecordingOption& option : daemon::recording_option_table())
    recording[std::string(option.field)] = option.show(options.recording);
  return {
      {"id", session.id()},
      {"name", options.name},
      {"state", daemon::to_string(status.state)},
      {"target",
       {{"pids", options.recording.pids},
        {"command", options.recording.command},
        {"cgroup", options.recording.cgroup},
        {"all", options.recording.all_processes}}},
      {"modes", options.modes},
      {"profile_labels", labels},
      {"frequency_hz", options.recording.frequency_hz},
      {"duration_seconds",
       std::chrono::duration_cast<std::chrono::seconds>(options.recording.duration).count()},
      {"started_nanos", session.started_nanos()},
      {"ended_nanos", status.ended_nanos},
      {"options", recording},
      {"stats", stats},
      {"markers", markers},
      {"latency_seconds", latency ? latency->seconds.size() : 0},
      {"error", status.error},
  };
}

std::string dump(const json& value) {
  return format::dump_json(value);
}

}  // namespace ember::emberd

#include "session_request.h"

#include "ember/daemon/modes.h"
#include "ember/daemon/recording_option_table.h"

namespace ember::emberd {

namespace {

using nlohmann::json;

constexpr size_t kMaxPids = 64;
constexpr size_t kMaxArguments = 256;
constexpr size_t kMaxNameBytes = 200;
constexpr size_t kMaxPathBytes = 4096;
constexpr int64_t kMaxPid = 4 * 1024 * 1024;  // the kernel's PID_MAX_LIMIT

Result<int64_t> integer_field(const json& body, const char* name, int64_t fallback, int64_t min,
                              int64_t max) {
  if (!body.contains(name)) return fallback;
  const json& value = body[name];
  if (!value.is_number_integer() || value.get<int64_t>() < min || value.get<int64_t>() > max)
    return make_error(std::string("'") + name + "' must be an integer from " + std::to_string(min) +
                      " to " + std::to_string(max));
  return value.get<int64_t>();
}

Result<std::vector<std::string>> string_list(const json& body, const char* name, size_t max) {
  std::vector<std::string> list;
  if (!body.contains(name)) return list;
  const json& value = body[name];
  if (!value.is_array() || value.size() > max)
    return make_error(std::string("'") + name + "' must be a list of at most " +
                      std::to_string(max) + " strings");
  for (const json& item : value) {
    if (!item.is_string()) return make_error(std::string("'") + name + "' must hold strings only");
    list.push_back(item.get<std::string>());
  }
  return list;
}

Result<std::vector<uint32_t>> pid_list(const json& body) {
  std::vector<uint32_t> pids;
  if (!body.contains("pids")) return pids;
  const json& value = body["pids"];
  const std::string usage =
      "'pids' must be a list of at most " + std::to_string(kMaxPids) + " process ids";
  if (!value.is_array() || value.size() > kMaxPids) return make_error(usage);
  for (const json& item : value) {
    if (!item.is_number_integer() || item.get<int64_t>() < 1 || item.get<int64_t>() > kMaxPid)
      return make_error(usage);
    pids.push_back(static_cast<uint32_t>(item.get<int64_t>()));
  }
  return pids;
}

// The options of the table ember record shares: a string as the command line writes it, a
// number, or a boolean for a switch.
Result<void> apply_recording_options(const json& body, daemon::RecordingOptions& recording) {
  for (const daemon::RecordingOption& option : daemon::recording_option_table()) {
    const std::string field(option.field);
    if (!body.contains(field)) continue;
    const json& value = body[field];
    std::string text;
    if (option.is_switch ? value.is_boolean() : value.is_number() || value.is_string())
      text = value.is_string() ? value.get<std::string>() : value.dump();
    else
      return make_error("'" + field + "' must be " +
                        (option.is_switch ? "true or false" : "a string or a number"));
    if (auto applied = option.apply(recording, text); !applied)
      return make_error("'" + field + "': " + applied.error().message);
  }
  return {};
}

std::string default_name(const daemon::RecordingOptions& recording) {
  if (!recording.command.empty()) return recording.command.front();
  if (!recording.cgroup.empty()) return "cgroup " + recording.cgroup;
  if (recording.all_processes) return "all processes";
  return "pid " + std::to_string(recording.pids.front());
}

}  // namespace

Result<json> parse_json_body(const std::string& body) {
  try {
    return json::parse(body);
  } catch (const json::parse_error& error) {
    return make_error(std::string("malformed JSON: ") + error.what());
  }
}

Result<daemon::SessionOptions> parse_session_request(const std::string& body_text) {
  auto parsed = parse_json_body(body_text);
  if (!parsed) return parsed.error();
  json& body = *parsed;
  if (!body.is_object())
    return make_error("the body must be a JSON object, e.g. {\"pids\": [1234]}");

  daemon::SessionOptions options;
  auto pids = pid_list(body);
  if (!pids) return pids.error();
  auto command = string_list(body, "command", kMaxArguments);
  if (!command) return command.error();
  if (body.contains("cgroup") &&
      (!body["cgroup"].is_string() || body["cgroup"].get<std::string>().size() > kMaxPathBytes))
    return make_error("'cgroup' must be a path of at most " + std::to_string(kMaxPathBytes) +
                      " bytes");
  if (body.contains("all") && !body["all"].is_boolean())
    return make_error("'all' must be true or false");
  options.recording.pids = std::move(*pids);
  options.recording.command = std::move(*command);
  options.recording.cgroup = body.value("cgroup", "");
  options.recording.all_processes = body.value("all", false);
  if (options.recording.target_kinds() != 1)
    return make_error(
        "name what to profile: exactly one of \"pids\": [PID...], \"command\": [ARGS...], "
        "\"cgroup\": \"PATH\" or \"all\": true");

  auto seconds = integer_field(body, "duration_seconds", 0, 0, kMaxSessionSeconds);
  if (!seconds) return seconds.error();
  options.recording.duration = std::chrono::seconds(*seconds);
  if (auto applied = apply_recording_options(body, options.recording); !applied)
    return applied.error();

  // What is recorded, and the profiles that gives (lock adds its holders, cpu with offcpu the
  // wall-clock view): those are the session's modes.
  auto names = string_list(body, "modes", 8);
  if (!names) return names.error();
  if (!names->empty()) {
    auto modes = daemon::parse_modes(*names);
    if (!modes) return make_error("'modes': " + modes.error().message);
    options.recording.modes = *modes;
    options.modes = daemon::profile_names(*modes, options.recording.offcpu_wakers);
  }

  if (body.contains("name")) {
    if (!body["name"].is_string() || body["name"].get<std::string>().size() > kMaxNameBytes)
      return make_error("'name' must be a string of at most " + std::to_string(kMaxNameBytes) +
                        " bytes");
    options.name = body["name"].get<std::string>();
  }
  if (options.name.empty()) options.name = default_name(options.recording);
  return options;
}

}  // namespace ember::emberd

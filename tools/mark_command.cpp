// ember mark SESSION LABEL [--server URL] [--time NANOS] [--token-file FILE]: posts a load-test
// phase marker ("ramp-up", "spike"...) to a running emberd session.
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "ember/server/auth.h"
#include "ember/server/http_client.h"

namespace ember::tools {

namespace {

struct MarkOptions {
  std::string session;
  std::string label;
  std::string server = "http://127.0.0.1:7070";
  int64_t time_nanos = 0;
  std::string token_file;
};

std::string error_of(const server::HttpReply& reply) {
  auto body = nlohmann::json::parse(reply.body, nullptr, false);
  if (body.is_object() && body.contains("error") && body["error"].is_string()) return body["error"];
  return "HTTP status " + std::to_string(reply.status);
}

int run_mark(const MarkOptions& options) {
  auto fail = [](const std::string& message) {
    std::cerr << "ember mark: " << message << "\n";
    return 1;
  };
  auto url = server::parse_http_url(options.server);
  if (!url) return fail(url.error().message);
  server::HttpExchange exchange;
  exchange.method = "POST";
  exchange.target = url->path_prefix + "/api/sessions/" + options.session + "/markers";
  exchange.headers.emplace_back("Content-Type", "application/json");
  exchange.headers.emplace_back(std::string(server::kClientHeader), "1");
  if (!options.token_file.empty()) {
    auto token = server::read_token_file(options.token_file);
    if (!token) return fail(token.error().message);
    exchange.headers.emplace_back("Authorization", "Bearer " + *token);
  }
  nlohmann::json body = {{"label", options.label}};
  if (options.time_nanos > 0) body["time_nanos"] = options.time_nanos;
  exchange.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);

  auto reply = server::http_request(url->host, url->port, exchange);
  if (!reply)
    return fail(reply.error().message + " (is emberd running at " + options.server + "?)");
  if (reply->status != 201) return fail(error_of(*reply));
  auto marker = nlohmann::json::parse(reply->body, nullptr, false);
  std::cout << "marked session " << options.session << " '" << options.label << "'";
  if (marker.is_object() && marker.contains("time_nanos"))
    std::cout << " at " << marker["time_nanos"];
  std::cout << "\n";
  return 0;
}

}  // namespace

CommandRunner add_mark_command(CLI::App& app) {
  auto options = std::make_shared<MarkOptions>();
  CLI::App* mark = app.add_subcommand("mark", "Add a load-test phase marker to an emberd session");
  mark->add_option("session", options->session, "Session id (GET /api/sessions lists them)")
      ->required()
      ->check(CLI::Range(uint64_t{1}, std::numeric_limits<uint64_t>::max()));
  mark->add_option("label", options->label, "What begins now, e.g. ramp-up, steady, spike")
      ->required();
  mark->add_option("--server", options->server, "emberd's URL")
      ->envname("EMBER_SERVER")
      ->capture_default_str();
  mark->add_option("--time", options->time_nanos, "Marker time in Unix nanoseconds (default: now)")
      ->check(CLI::PositiveNumber);
  mark->add_option("--token-file", options->token_file, "File holding emberd's access token")
      ->envname("EMBER_TOKEN_FILE");
  return [options] { return run_mark(*options); };
}

}  // namespace ember::tools

// /api/targets: what the UI offers to profile.
#include "process_list.h"
#include "routes.h"
#include "session_json.h"

namespace ember::emberd {

void add_target_routes(server::Router& router) {
  router.on("GET", "/api/targets", [](const server::Request&) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& process : list_processes())
      list.push_back({{"pid", process.pid},
                      {"name", process.name},
                      {"command_line", process.command_line},
                      {"user", process.user}});
    return server::json_response(200, dump(list));
  });
}

}  // namespace ember::emberd

#include "ember/server/ui_files.h"
#include "routes.h"

namespace ember::emberd {

server::Router emberd_router(daemon::SessionStore& store, const server::Auth& auth,
                             const AccessPolicy& policy,
                             std::shared_ptr<server::RequestCounters> counters) {
  server::Router router;
  server::add_login_routes(router, auth);
  add_session_routes(router, store, policy);
  add_latency_routes(router, store);
  add_target_routes(router);
  add_pprof_routes(router, store, policy);
  add_metrics_route(router, store, std::move(counters));
  router.fallback(server::ui_file);
  return router;
}

}  // namespace ember::emberd

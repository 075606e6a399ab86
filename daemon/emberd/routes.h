// emberd's endpoints, one file per group, each adding its routes to the table.
#pragma once

#include <memory>

#include "access_policy.h"
#include "ember/server/auth.h"
#include "ember/server/request_counters.h"
#include "ember/server/router.h"
#include "session_store.h"

namespace ember::emberd {

// /api/sessions...: start, list, stop, delete, markers, profiles.
void add_session_routes(server::Router& router, daemon::SessionStore& store,
                        const AccessPolicy& policy);
// /api/sessions/ID/latency: a load test's latencies posted for a session, and its slow seconds.
void add_latency_routes(server::Router& router, daemon::SessionStore& store);
// /debug/pprof/...: Go's net/http/pprof endpoints.
void add_pprof_routes(server::Router& router, daemon::SessionStore& store,
                      const AccessPolicy& policy);
// /metrics: Prometheus text.
void add_metrics_route(server::Router& router, daemon::SessionStore& store,
                       std::shared_ptr<const server::RequestCounters> counters);
// /api/targets: processes that can be profiled.
void add_target_routes(server::Router& router);

// All of the above, /login, and the UI's files for every other GET.
server::Router emberd_router(daemon::SessionStore& store, const server::Auth& auth,
                             const AccessPolicy& policy,
                             std::shared_ptr<server::RequestCounters> counters);

}  // namespace ember::emberd

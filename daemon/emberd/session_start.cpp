#include "session_start.h"

namespace ember::emberd {

std::variant<std::shared_ptr<daemon::Session>, server::Response> start_session_for(
    const AccessPolicy& policy, daemon::SessionStore& store, const server::Request& request,
    daemon::SessionOptions options) {
  auto permit = policy.permit_start(request, options);
  if (!permit) return server::forbidden(permit.error().message);
  if (auto room = store.room_for(options.owner_uid); !room)
    return server::json_error(429, "too many sessions: " + room.error().message);
  auto session = store.start(std::move(options));
  if (!session) return server::json_error(400, session.error().message);
  if (auto confirmed = permit->confirm(); !confirmed) {
    store.remove((*session)->id());
    return server::forbidden(confirmed.error().message);
  }
  return *session;
}

}  // namespace ember::emberd

// Who may do what (DESIGN.md): root everything; any other user only what the kernel would let
// them do with perf and ptrace, and only with their own sessions. Who sent a request is the uid
// the server found for its connection (ember/server/peer_identity.h).
#pragma once

#include <vector>

#include "ember/result.h"
#include "ember/server/request.h"
#include "pinned_process.h"
#include "session.h"

namespace ember::emberd {

// What a permitted start holds: the processes it checked, until the recording has attached.
class StartPermit {
 public:
  explicit StartPermit(std::vector<PinnedProcess> processes) : processes_(std::move(processes)) {}
  // After the recording attached: fails when a checked process exited meanwhile, since its PID
  // may have named another process when the recording attached to it.
  Result<void> confirm() const;

 private:
  std::vector<PinnedProcess> processes_;
};

class AccessPolicy {
 public:
  // `read_only`: no session starts, whoever asks.
  explicit AccessPolicy(bool read_only) : read_only_(read_only) {}

  // Whether the request's sender may record what `options` names; if so, `options` become theirs
  // (owner, and only the frames and profiles they may see). The error is the one-line reason.
  Result<StartPermit> permit_start(const server::Request& request,
                                   daemon::SessionOptions& options) const;

 private:
  bool read_only_;
};

// Whether the request's sender may see, mark, stop or remove the session: its owner and root.
bool may_see(const server::Request& request, const daemon::Session& session);

// The refusal for a session the sender may not see.
std::string not_yours(const daemon::Session& session);

}  // namespace ember::emberd

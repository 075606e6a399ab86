#include "access_policy.h"

#include "ember/daemon/modes.h"
#include "perf_paranoia.h"
#include "user_account.h"

namespace ember::emberd {

namespace {

std::string paranoid_level(const PerfPermissions& permissions) {
  return "kernel.perf_event_paranoid is " + std::to_string(permissions.level);
}

// A user other than root: processes they may ptrace-read, as the paranoid level allows.
Result<std::vector<PinnedProcess>> check_user_targets(uint32_t uid,
                                                      const daemon::RecordingOptions& recording) {
  const PerfPermissions permissions = current_perf_permissions();
  if (!permissions.profile_processes)
    return make_error(paranoid_level(permissions) +
                      ": the kernel lets no user but root profile, and neither does emberd");
  if (!recording.command.empty())
    return make_error(
        "emberd launches commands for root only: start the command yourself and profile its "
        "PID, or run 'ember record -- CMD'");
  if (recording.all_processes || !recording.cgroup.empty()) {
    if (!permissions.host_wide)
      return make_error(paranoid_level(permissions) +
                        ": only root may profile the whole host or a cgroup (the kernel allows "
                        "others CPU-wide events at level 0 or below)");
    return std::vector<PinnedProcess>();
  }
  auto account = find_account(uid);
  if (!account) return account.error();
  std::vector<PinnedProcess> processes;
  for (uint32_t pid : recording.pids) {
    auto process = PinnedProcess::pin(pid);
    if (!process) return process.error();
    if (auto readable = check_readable_by(*account, *process); !readable) return readable.error();
    processes.push_back(std::move(*process));
  }
  return processes;
}

}  // namespace

Result<void> StartPermit::confirm() const {
  for (const PinnedProcess& process : processes_)
    if (!process.alive())
      return make_error("process " + std::to_string(process.pid()) +
                        " exited while the recording started: try again");
  return {};
}

Result<StartPermit> AccessPolicy::permit_start(const server::Request& request,
                                               daemon::SessionOptions& options) const {
  if (read_only_)
    return make_error(
        "this emberd is read-only (--read-only): it serves its sessions, starts none");
  if (!request.uid) return make_error("emberd does not know who sent this request");
  options.owner_uid = *request.uid;
  if (*request.uid == 0) return StartPermit({});
  auto processes = check_user_targets(*request.uid, options.recording);
  if (!processes) return processes.error();
  options.kernel_frames = current_perf_permissions().kernel_frames;
  // What woke a thread may be any process on the host, not only ones the user may read.
  if (!options.recording.pids.empty()) {
    options.recording.offcpu_wakers = false;
    options.modes = daemon::profile_names(options.recording.modes, false);
  }
  return StartPermit(std::move(*processes));
}

bool may_see(const server::Request& request, const daemon::Session& session) {
  return request.uid && (*request.uid == 0 || *request.uid == session.options().owner_uid);
}

std::string not_yours(const daemon::Session& session) {
  return "session " + session.id() + " belongs to another user: you may see and stop your own";
}

}  // namespace ember::emberd

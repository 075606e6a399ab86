#include "ember/symbolizer/process_table.h"

#include "ember/symbolizer/process_maps.h"
#include "process_table_state.h"

namespace ember::symbolizer {

namespace {

// An address outside every known mapping makes the table re-read the process's maps (it may
// have dlopen'ed or JIT-compiled since). Garbage addresses from a failed unwind, or samples
// that arrive after the process exited, would then re-read on every sample; this caps the
// rate per process. Short, because a starting program maps its libraries within
// milliseconds of its first samples.
constexpr auto kMinMapsRereadInterval = std::chrono::milliseconds(5);

}  // namespace

Result<void> ProcessTableState::read_maps_locked(uint32_t pid, TrackedProcess& process) {
  process.last_read = std::chrono::steady_clock::now();
  auto entries = read_maps(proc_root, pid);
  if (!entries) return entries.error();
  process.mappings.update(*entries, proc_root, pid);
  process.entries = std::make_shared<const std::vector<MapsEntry>>(std::move(*entries));
  return {};
}

bool ProcessTableState::may_reread(const TrackedProcess& process) {
  return !process.execs_pending &&
         std::chrono::steady_clock::now() - process.last_read >= kMinMapsRereadInterval;
}

TrackedProcess& ProcessTableState::see_locked(uint32_t pid) {
  auto [it, inserted] = processes.try_emplace(pid);
  if (inserted) (void)read_maps_locked(pid, it->second);
  return it->second;
}

std::shared_ptr<const PinnedMapping> ProcessTableState::pin_locked(uint32_t pid,
                                                                   TrackedProcess& process,
                                                                   uint64_t address) {
  if (auto mapping = code_mapping(process, address)) return mapping;
  if (!may_reread(process) || !read_maps_locked(pid, process)) return nullptr;
  return code_mapping(process, address);
}

std::shared_ptr<const PinnedMapping> ProcessTableState::code_mapping(const TrackedProcess& process,
                                                                     uint64_t address) {
  auto mapping = process.mappings.find(address);
  return mapping && mapping->executable ? mapping : nullptr;
}

ProcessTable::ProcessTable(std::string proc_root)
    : state_(std::make_unique<ProcessTableState>(std::move(proc_root))) {}

ProcessTable::~ProcessTable() = default;

const std::string& ProcessTable::proc_root() const {
  return state_->proc_root;
}

Result<void> ProcessTable::track(uint32_t pid) {
  std::lock_guard lock(state_->mutex);
  auto [it, inserted] = state_->processes.try_emplace(pid);
  auto result = state_->read_maps_locked(pid, it->second);
  if (!result) {
    if (inserted) state_->processes.erase(it);
    return make_error("cannot read memory maps of process " + std::to_string(pid) + ": " +
                      result.error().message);
  }
  return {};
}

void ProcessTable::exec_seen(uint32_t pid) {
  std::lock_guard lock(state_->mutex);
  TrackedProcess& process = state_->processes[pid];
  ++process.execs_pending;
  // Read into a scratch process, so the old image's view stays for the samples before.
  TrackedProcess next;
  if (state_->read_maps_locked(pid, next)) {
    process.next_mappings = std::move(next.mappings);
    process.next_entries = std::move(next.entries);
  }
}

void ProcessTable::exec(uint32_t pid) {
  std::lock_guard lock(state_->mutex);
  TrackedProcess& process = state_->processes[pid];
  if (process.execs_pending) --process.execs_pending;
  ++process.generation;
  // Nothing of the old image is pinned anew: samples already added keep their pins.
  process.mappings = process.next_mappings ? std::move(*process.next_mappings) : ProcessMappings();
  process.entries = std::move(process.next_entries);
  process.next_mappings.reset();
  if (!process.entries) (void)state_->read_maps_locked(pid, process);
}

std::shared_ptr<const std::vector<MapsEntry>> ProcessTable::maps(uint32_t pid, bool reread) {
  std::lock_guard lock(state_->mutex);
  auto [it, inserted] = state_->processes.try_emplace(pid);
  TrackedProcess& process = it->second;
  if (inserted || (reread && ProcessTableState::may_reread(process)))
    (void)state_->read_maps_locked(pid, process);
  return process.entries;
}

int64_t ProcessTable::processes() const {
  std::lock_guard lock(state_->mutex);
  return static_cast<int64_t>(state_->processes.size());
}

}  // namespace ember::symbolizer

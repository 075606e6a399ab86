#include "ember/symbolizer/process_table.h"

#include <fcntl.h>

#include "ember/symbolizer/mapped_file.h"
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
  // A process that has exited but is not yet reaped has no memory: its maps read empty. They
  // are not what its samples ran in.
  if (entries->empty()) return make_error("process " + std::to_string(pid) + " has exited");
  process.mappings.update(*entries, proc_root, pid, files);
  process.entries = std::make_shared<const std::vector<MapsEntry>>(std::move(*entries));
  return {};
}

bool ProcessTableState::may_reread(const TrackedProcess& process) {
  return process.pending.empty() &&
         std::chrono::steady_clock::now() - process.last_read >= kMinMapsRereadInterval;
}

std::pair<TrackedProcess&, bool> ProcessTableState::add_locked(uint32_t pid) {
  auto [it, inserted] = processes.try_emplace(pid);
  if (inserted) {
    ++tracked;
    it->second.generation = ++generations;
  }
  return {it->second, inserted};
}

TrackedProcess& ProcessTableState::see_locked(uint32_t pid) {
  auto [process, added] = add_locked(pid);
  if (added) (void)read_maps_locked(pid, process);
  return process;
}

const TrackedProcess* ProcessTableState::find_locked(uint32_t pid, uint32_t generation) const {
  if (auto living = processes.find(pid);
      living != processes.end() && living->second.generation == generation)
    return &living->second;
  for (const TrackedProcess& process : exited)
    if (process.generation == generation) return &process;
  return nullptr;
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
  auto [process, added] = state_->add_locked(pid);
  auto result = state_->read_maps_locked(pid, process);
  if (!result) {
    if (added) {
      state_->processes.erase(pid);
      --state_->tracked;
    }
    return make_error("cannot read memory maps of process " + std::to_string(pid) + ": " +
                      result.error().message);
  }
  return {};
}

void ProcessTable::maps_seen(uint32_t pid, bool new_image) {
  std::lock_guard lock(state_->mutex);
  // A new process has no samples before this record: nothing to read for them.
  TrackedProcess& process = state_->add_locked(pid).first;
  // Read into a scratch process, so the current view stays for the samples before. The same
  // image's mappings that did not change keep their pins.
  TrackedProcess next;
  if (!new_image)
    next.mappings = process.pending.empty() || !process.pending.back().mappings
                        ? process.mappings
                        : *process.pending.back().mappings;
  PendingMaps read;
  read.new_image = new_image;
  if (state_->read_maps_locked(pid, next)) {
    read.mappings = std::move(next.mappings);
    read.entries = std::move(next.entries);
  }
  process.pending.push_back(std::move(read));
}

void ProcessTable::new_image_seen(uint32_t pid) {
  maps_seen(pid, true);
}

bool ProcessTable::loader_changed_seen(uint32_t pid) {
  if (!living_process(pid)) return false;
  maps_seen(pid, false);
  return true;
}

void ProcessTable::apply_seen(uint32_t pid) {
  std::lock_guard lock(state_->mutex);
  auto found = state_->processes.find(pid);
  if (found == state_->processes.end() || found->second.pending.empty()) return;
  TrackedProcess& process = found->second;
  PendingMaps read = std::move(process.pending.front());
  process.pending.pop_front();
  if (read.new_image) {
    process.generation = ++state_->generations;
    // Nothing of the old image is pinned anew: samples already added keep their pins.
    process.mappings = read.mappings ? std::move(*read.mappings) : ProcessMappings();
    process.entries = std::move(read.entries);
    if (!process.entries) (void)state_->read_maps_locked(pid, process);
  } else if (read.mappings) {
    process.mappings = std::move(*read.mappings);
    process.entries = std::move(read.entries);
  }
}

UniqueFd ProcessTable::open_file(uint32_t pid, const MapsEntry& entry) const {
  {
    std::lock_guard lock(state_->mutex);
    auto process = state_->processes.find(pid);
    if (process != state_->processes.end()) {
      auto mapping = process->second.mappings.find(entry.start);
      if (mapping && mapping->file && mapping->start == entry.start &&
          mapping->path == strip_deleted_suffix(entry.path)) {
        UniqueFd copy(::fcntl(mapping->file->get(), F_DUPFD_CLOEXEC, 0));
        if (copy.valid()) return copy;
      }
    }
  }
  return open_mapped_file(state_->proc_root, pid, entry);
}

bool ProcessTable::living_process(uint32_t pid) const {
  std::lock_guard lock(state_->mutex);
  return state_->processes.count(pid) != 0;
}

void ProcessTable::exited(uint32_t pid) {
  std::lock_guard lock(state_->mutex);
  auto process = state_->processes.find(pid);
  if (process == state_->processes.end()) return;
  process->second.pending.clear();
  state_->exited.push_back(std::move(process->second));
  state_->processes.erase(process);
  if (state_->exited.size() > ProcessTableState::kExitedKept) state_->exited.pop_front();
}

std::shared_ptr<const std::vector<MapsEntry>> ProcessTable::maps(uint32_t pid, bool reread) {
  std::lock_guard lock(state_->mutex);
  auto [process, added] = state_->add_locked(pid);
  if (added || (reread && ProcessTableState::may_reread(process)))
    (void)state_->read_maps_locked(pid, process);
  return process.entries;
}

int64_t ProcessTable::processes() const {
  std::lock_guard lock(state_->mutex);
  return state_->tracked;
}

size_t ProcessTable::living_processes() const {
  std::lock_guard lock(state_->mutex);
  return state_->processes.size();
}

size_t ProcessTable::open_files() const {
  std::lock_guard lock(state_->mutex);
  return state_->files.size();
}

}  // namespace ember::symbolizer

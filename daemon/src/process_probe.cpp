#include "process_probe.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <sys/auxv.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "bpf_errors.h"
#include "ember/symbolizer/process_maps.h"
#include "per_cpu_array.h"
#include "process.skel.h"

namespace ember::daemon {

namespace {

// The host's dynamic loader: the file mapped where the kernel loaded ember's own (AT_BASE).
// Empty for a static ember.
std::string host_dynamic_loader() {
  const uint64_t base = getauxval(AT_BASE);
  auto maps = symbolizer::read_maps("/proc", static_cast<uint32_t>(getpid()));
  if (base == 0 || !maps) return {};
  for (const symbolizer::MapsEntry& entry : *maps)
    if (entry.start == base && entry.is_file()) return entry.path;
  return {};
}

}  // namespace

Result<std::unique_ptr<ProcessProbe>> ProcessProbe::open(uint32_t ring_buffer_bytes,
                                                         RingBufferReader::Handler handler) {
  if (auto supported = check_bpf_support(); !supported) return supported.error();
  configure_libbpf_logging();

  std::unique_ptr<ProcessProbe> probe(new ProcessProbe());
  probe->skeleton_ = ember_process::open();
  if (!probe->skeleton_) return bpf_error("cannot open the process-tracking BPF program", errno);
  if (int err = bpf_map__set_max_entries(probe->skeleton_->maps.records, ring_buffer_bytes))
    return bpf_error("cannot size the BPF ring buffer", err);
  if (int err = ember_process::load(probe->skeleton_))
    return bpf_error("cannot load the process-tracking BPF program", err);
  if (auto scoped = probe->set_scope(EMBER_SCOPE_LISTED); !scoped) return scoped.error();
  for (bpf_program* program : {probe->skeleton_->progs.on_fork, probe->skeleton_->progs.on_exec,
                               probe->skeleton_->progs.on_exit}) {
    bpf_link* link = bpf_program__attach(program);
    if (!link) return bpf_error("cannot attach to the process fork/exec/exit tracepoints", errno);
    probe->links_.push_back(link);
  }
  probe->watch_loader();

  auto reader =
      RingBufferReader::open(bpf_map__fd(probe->skeleton_->maps.records), std::move(handler));
  if (!reader) return reader.error();
  probe->records_ = std::make_unique<RingBufferReader>(std::move(*reader));
  return probe;
}

// Every process that runs the host's loader, also those started later (a uprobe on the file).
// Programs with another loader (a container's own, a static binary) have their maps read as
// before: at exec and when a sample misses them.
void ProcessProbe::watch_loader() {
  const std::string loader = host_dynamic_loader();
  if (loader.empty()) return;
  LIBBPF_OPTS(bpf_uprobe_opts, options, .func_name = "_dl_debug_state");
  bpf_link* link = bpf_program__attach_uprobe_opts(skeleton_->progs.on_loader_change, -1,
                                                   loader.c_str(), 0, &options);
  if (!link) return;
  links_.push_back(link);
  watches_loader_ = true;
}

ProcessProbe::~ProcessProbe() {
  records_.reset();
  for (bpf_link* link : links_) bpf_link__destroy(link);
  ember_process::destroy(skeleton_);
}

Result<void> ProcessProbe::add_target(uint32_t pid) {
  uint8_t yes = 1;
  if (bpf_map__update_elem(skeleton_->maps.targets, &pid, sizeof(pid), &yes, sizeof(yes),
                           BPF_ANY) != 0)
    return bpf_error("cannot add process " + std::to_string(pid) + " to the target map", errno);
  return {};
}

Result<void> ProcessProbe::set_scope(uint32_t scope) {
  const uint32_t zero = 0;
  const ember_target_filter filter{.scope = scope, .self_pid = static_cast<uint32_t>(getpid())};
  if (bpf_map__update_elem(skeleton_->maps.target_filter, &zero, sizeof(zero), &filter,
                           sizeof(filter), BPF_ANY) != 0)
    return bpf_error("cannot set the BPF target filter", errno);
  return {};
}

Result<void> ProcessProbe::follow_cgroup(int cgroup_fd) {
  const uint32_t zero = 0, fd = static_cast<uint32_t>(cgroup_fd);
  if (bpf_map__update_elem(skeleton_->maps.target_cgroup, &zero, sizeof(zero), &fd, sizeof(fd),
                           BPF_ANY) != 0)
    return bpf_error("cannot hand the target cgroup to BPF", errno);
  return set_scope(EMBER_SCOPE_CGROUP);
}

Result<void> ProcessProbe::follow_all_processes() {
  return set_scope(EMBER_SCOPE_ALL);
}

Result<void> ProcessProbe::set_python_process(uint32_t pid, const ember_python_process* walk) {
  bpf_map* map = skeleton_->maps.python_processes;
  if (!walk) {
    bpf_map__delete_elem(map, &pid, sizeof(pid), 0);  // absent already is fine
    return {};
  }
  if (bpf_map__update_elem(map, &pid, sizeof(pid), walk, sizeof(*walk), BPF_ANY) != 0)
    return bpf_error("cannot hand the Python layout of process " + std::to_string(pid) + " to BPF",
                     errno);
  return {};
}

Result<void> ProcessProbe::share_maps(bpf_object* object) const {
  for (bpf_map* shared :
       {skeleton_->maps.targets, skeleton_->maps.target_filter, skeleton_->maps.target_cgroup,
        skeleton_->maps.counters, skeleton_->maps.records, skeleton_->maps.python_processes}) {
    bpf_map* map = bpf_object__find_map_by_name(object, bpf_map__name(shared));
    if (!map) continue;  // this object does not use it
    if (int err = bpf_map__reuse_fd(map, bpf_map__fd(shared)))
      return bpf_error(std::string("cannot share the BPF map ") + bpf_map__name(shared), err);
  }
  return {};
}

BpfCounters ProcessProbe::counters() const {
  BpfCounters totals{};
  sum_per_cpu_array(skeleton_->maps.counters, totals.data(), totals.size());
  return totals;
}

}  // namespace ember::daemon

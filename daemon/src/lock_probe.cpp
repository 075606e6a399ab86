#include "lock_probe.h"

#include <bpf/libbpf.h>

#include <cerrno>
#include <string>

#include "bpf_errors.h"
#include "lock.skel.h"
#include "stack_copy_limit.h"

namespace ember::daemon {

namespace {

// The kernel has this BTF tracepoint (lock:contention_begin/end came with 5.19).
bool has_btf_tracepoint(const char* name) {
  return libbpf_find_vmlinux_btf_id(name, BPF_TRACE_RAW_TP) >= 0;
}

}  // namespace

Result<std::unique_ptr<LockProbe>> LockProbe::open(const Options& options,
                                                   const ProcessProbe& process) {
  if (auto checked = check_stack_copy_bytes(options.stack_copy_bytes); !checked)
    return checked.error();
  std::unique_ptr<LockProbe> probe(new LockProbe());
  probe->skeleton_ = ember_lock::open();
  if (!probe->skeleton_) return bpf_error("cannot open the lock BPF program", errno);
  probe->skeleton_->rodata->stack_copy_bytes = options.stack_copy_bytes;
  auto& progs = probe->skeleton_->progs;
  probe->kernel_locks_ =
      has_btf_tracepoint("contention_begin") && has_btf_tracepoint("contention_end");
  if (!probe->kernel_locks_)
    for (bpf_program* program : {progs.lock_contention_begin, progs.lock_contention_end})
      bpf_program__set_autoload(program, false);
  if (auto shared = process.share_maps(probe->skeleton_->obj); !shared) return shared.error();
  if (int err = ember_lock::load(probe->skeleton_))
    return bpf_error("cannot load the lock BPF program", err);
  std::vector<bpf_program*> programs = {progs.lock_sys_enter, progs.lock_sys_exit};
  if (probe->kernel_locks_)
    programs.insert(programs.end(), {progs.lock_contention_begin, progs.lock_contention_end});
  for (bpf_program* program : programs) {
    bpf_link* link = bpf_program__attach(program);
    if (!link)
      return bpf_error(std::string("cannot attach the lock program ") + bpf_program__name(program),
                       errno);
    probe->links_.push_back(link);
  }
  return probe;
}

LockProbe::~LockProbe() {
  for (bpf_link* link : links_) bpf_link__destroy(link);
  ember_lock::destroy(skeleton_);
}

}  // namespace ember::daemon

#include "alloc_probe.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include <cerrno>
#include <string>

#include "alloc.skel.h"
#include "bpf_errors.h"
#include "per_cpu_array.h"
#include "stack_copy_limit.h"

namespace ember::daemon {

Result<std::unique_ptr<AllocProbe>> AllocProbe::open(const Options& options,
                                                     const ProcessProbe& process) {
  if (auto checked = check_stack_copy_bytes(options.stack_copy_bytes); !checked)
    return checked.error();
  if (options.fault_sample_every == 0) return make_error("page faults need a sampling interval");
  std::unique_ptr<AllocProbe> probe(new AllocProbe());
  probe->skeleton_ = ember_alloc::open();
  if (!probe->skeleton_) return bpf_error("cannot open the allocation BPF program", errno);
  auto& rodata = *probe->skeleton_->rodata;
  rodata.stack_copy_bytes = options.stack_copy_bytes;
  rodata.sampler_markers = options.sampler_markers;
  rodata.memory_growth = options.memory_growth;
  rodata.fault_sample_every = options.fault_sample_every;
  // Without memory growth, page faults need no program at all.
  bpf_program__set_autoload(probe->skeleton_->progs.on_page_fault, options.memory_growth);
  if (auto shared = process.share_maps(probe->skeleton_->obj); !shared) return shared.error();
  if (int err = ember_alloc::load(probe->skeleton_))
    return bpf_error("cannot load the allocation BPF program", err);
  bpf_link* sys_enter = bpf_program__attach(probe->skeleton_->progs.on_sys_enter);
  if (!sys_enter) return bpf_error("cannot attach to the sys_enter tracepoint", errno);
  probe->links_.push_back(sys_enter);
  if (options.memory_growth) {
    bpf_link* faults = bpf_program__attach(probe->skeleton_->progs.on_page_fault);
    if (!faults) return bpf_error("cannot attach to the page_fault_user tracepoint", errno);
    probe->links_.push_back(faults);
  }
  return probe;
}

AllocProbe::~AllocProbe() {
  for (bpf_link* link : links_) bpf_link__destroy(link);
  ember_alloc::destroy(skeleton_);
}

AllocTotals AllocProbe::totals() const {
  AllocTotals totals{};
  sum_per_cpu_array(skeleton_->maps.totals, totals.data(), totals.size());
  return totals;
}

}  // namespace ember::daemon

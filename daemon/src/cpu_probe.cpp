#include "cpu_probe.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "bpf_errors.h"
#include "cpu.skel.h"
#include "online_cpus.h"
#include "stack_copy_limit.h"

namespace ember::daemon {

namespace {

// A cpu-clock event on one CPU for every task, sampling each `period_ns` of CPU time. A fixed
// period (not a frequency the kernel adapts) keeps samples evenly spread in time.
int open_cpu_clock(int cpu, uint64_t period_ns) {
  perf_event_attr attr{};
  attr.size = sizeof(attr);
  attr.type = PERF_TYPE_SOFTWARE;
  attr.config = PERF_COUNT_SW_CPU_CLOCK;
  attr.sample_period = period_ns;
  return static_cast<int>(
      syscall(SYS_perf_event_open, &attr, -1 /* all tasks */, cpu, -1, PERF_FLAG_FD_CLOEXEC));
}

}  // namespace

Result<std::unique_ptr<CpuProbe>> CpuProbe::open(const Options& options,
                                                 const ProcessProbe& process) {
  if (options.frequency_hz < 1 || options.frequency_hz > 10000)
    return make_error("frequency must be between 1 and 10000 Hz");
  if (auto checked = check_stack_copy_bytes(options.stack_copy_bytes); !checked)
    return checked.error();
  std::unique_ptr<CpuProbe> probe(new CpuProbe());
  probe->skeleton_ = ember_cpu::open();
  if (!probe->skeleton_) return bpf_error("cannot open the on-CPU BPF program", errno);
  probe->skeleton_->rodata->sample_period_ns = 1'000'000'000ull / options.frequency_hz;
  probe->skeleton_->rodata->stack_copy_bytes = options.stack_copy_bytes;
  const int possible_cpus = libbpf_num_possible_cpus();
  if (possible_cpus < 1) return bpf_error("cannot count the possible CPUs", possible_cpus);
  bpf_map__set_max_entries(probe->skeleton_->maps.cpu_clocks, possible_cpus);
  if (auto shared = process.share_maps(probe->skeleton_->obj); !shared) return shared.error();
  if (int err = ember_cpu::load(probe->skeleton_))
    return bpf_error("cannot load the on-CPU BPF program", err);
  if (auto attached = probe->attach(); !attached) return attached.error();
  return probe;
}

Result<void> CpuProbe::attach() {
  auto cpus = online_cpus();
  if (!cpus) return cpus.error();
  const uint64_t period_ns = sample_period_ns();
  std::vector<CpuClockRephaser::Clock> clocks;
  for (int cpu : *cpus) {
    UniqueFd event(open_cpu_clock(cpu, period_ns));
    if (!event.valid())
      return bpf_error("cannot open the cpu-clock perf event on CPU " + std::to_string(cpu), errno);
    bpf_link* link = bpf_program__attach_perf_event(skeleton_->progs.on_cpu_sample, event.get());
    if (!link) return bpf_error("cannot attach to the cpu-clock perf event", errno);
    links_.push_back(link);
    clocks.push_back({.cpu = cpu, .perf_fd = event.get()});
    perf_events_.push_back(std::move(event));
  }
  rephaser_ = std::make_unique<CpuClockRephaser>(
      std::move(clocks), bpf_map__fd(skeleton_->maps.cpu_clocks), period_ns);
  return {};
}

CpuProbe::~CpuProbe() {
  rephaser_.reset();
  for (bpf_link* link : links_) bpf_link__destroy(link);
  perf_events_.clear();
  ember_cpu::destroy(skeleton_);
}

uint64_t CpuProbe::sample_period_ns() const {
  return skeleton_->rodata->sample_period_ns;
}

}  // namespace ember::daemon

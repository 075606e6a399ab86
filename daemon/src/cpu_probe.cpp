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

namespace ember::daemon {

namespace {

// A cpu-clock event on one CPU for every task, sampling each `period_ns` of CPU time. A fixed
// period (not a frequency the kernel adapts) makes every sample weigh exactly period_ns.
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
                                                 RingBufferReader::Handler handler) {
  if (options.frequency_hz < 1 || options.frequency_hz > 10000)
    return make_error("frequency must be between 1 and 10000 Hz");
  if (auto supported = check_bpf_support(); !supported) return supported.error();
  configure_libbpf_logging();

  std::unique_ptr<CpuProbe> probe(new CpuProbe());
  probe->skeleton_ = ember_cpu::open();
  if (!probe->skeleton_) return bpf_error("cannot open the on-CPU BPF program", errno);
  if (options.stack_copy_bytes > EMBER_STACK_COPY_MAX)
    return make_error("the stack copy can be at most " + std::to_string(EMBER_STACK_COPY_MAX) +
                      " bytes");
  probe->skeleton_->rodata->sample_period_ns = 1'000'000'000ull / options.frequency_hz;
  probe->skeleton_->rodata->stack_copy_bytes = options.stack_copy_bytes;
  // Seconds of slack at 99 Hz on many CPUs: ~3900 frame-pointer records or ~1000 stack copies.
  const uint32_t ring_buffer_bytes = options.stack_copy_bytes ? 32u << 20 : 8u << 20;
  if (int err = bpf_map__set_max_entries(probe->skeleton_->maps.records, ring_buffer_bytes))
    return bpf_error("cannot size the BPF ring buffer", err);
  if (int err = ember_cpu::load(probe->skeleton_))
    return bpf_error("cannot load the on-CPU BPF program", err);
  if (auto attached = probe->attach(); !attached) return attached.error();

  auto reader =
      RingBufferReader::open(bpf_map__fd(probe->skeleton_->maps.records), std::move(handler));
  if (!reader) return reader.error();
  probe->records_ = std::make_unique<RingBufferReader>(std::move(*reader));
  return probe;
}

Result<void> CpuProbe::attach() {
  auto cpus = online_cpus();
  if (!cpus) return cpus.error();
  const uint64_t period_ns = sample_period_ns();
  for (int cpu : *cpus) {
    UniqueFd event(open_cpu_clock(cpu, period_ns));
    if (!event.valid())
      return bpf_error("cannot open the cpu-clock perf event on CPU " + std::to_string(cpu), errno);
    bpf_link* link = bpf_program__attach_perf_event(skeleton_->progs.on_cpu_sample, event.get());
    if (!link) return bpf_error("cannot attach to the cpu-clock perf event", errno);
    links_.push_back(link);
    perf_events_.push_back(std::move(event));
  }
  for (bpf_program* program : {skeleton_->progs.on_fork, skeleton_->progs.on_exec}) {
    bpf_link* link = bpf_program__attach(program);
    if (!link) return bpf_error("cannot attach to the process fork/exec tracepoints", errno);
    links_.push_back(link);
  }
  return {};
}

CpuProbe::~CpuProbe() {
  records_.reset();
  for (bpf_link* link : links_) bpf_link__destroy(link);
  perf_events_.clear();
  ember_cpu::destroy(skeleton_);
}

Result<void> CpuProbe::add_target(uint32_t pid) {
  uint8_t yes = 1;
  if (bpf_map__update_elem(skeleton_->maps.targets, &pid, sizeof(pid), &yes, sizeof(yes),
                           BPF_ANY) != 0)
    return bpf_error("cannot add process " + std::to_string(pid) + " to the target map", errno);
  return {};
}

uint64_t CpuProbe::sample_period_ns() const {
  return skeleton_->rodata->sample_period_ns;
}

BpfCounters CpuProbe::counters() const {
  BpfCounters totals{};
  const int cpus = libbpf_num_possible_cpus();
  std::vector<uint64_t> per_cpu(cpus > 0 ? cpus : 1);
  for (uint32_t counter = 0; counter < EMBER_COUNTER_COUNT; ++counter) {
    if (bpf_map__lookup_elem(skeleton_->maps.counters, &counter, sizeof(counter), per_cpu.data(),
                             per_cpu.size() * sizeof(uint64_t), 0) != 0)
      continue;
    for (uint64_t value : per_cpu) totals[counter] += value;
  }
  return totals;
}

}  // namespace ember::daemon

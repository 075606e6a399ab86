#include "offcpu_probe.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <string>

#include "bpf_errors.h"
#include "ember/unique_fd.h"
#include "kernel_text_range.h"
#include "offcpu.skel.h"
#include "stack_copy_limit.h"

namespace ember::daemon {

namespace {

// Off-CPU slots: how many target threads can be off-CPU at once with their stacks captured
// (~2 KiB each with frame pointers, ~34 KiB with stack copies).
constexpr uint32_t kFramePointerSlots = 4096;
constexpr uint32_t kStackCopySlots = 1024;

uint64_t monotonic_nanos() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return static_cast<uint64_t>(now.tv_sec) * 1'000'000'000u + now.tv_nsec;
}

// Runs a task iterator program once over every task.
Result<void> run_task_iterator(bpf_program* program, const char* what) {
  bpf_link* link = bpf_program__attach_iter(program, nullptr);
  if (!link) return bpf_error(std::string("cannot attach the task iterator that ") + what, errno);
  UniqueFd iterator(bpf_iter_create(bpf_link__fd(link)));
  const int create_errno = errno;
  Result<void> result;
  if (!iterator.valid()) {
    result = bpf_error(std::string("cannot run the task iterator that ") + what, create_errno);
  } else {
    char buffer[256];
    ssize_t got = 0;
    while ((got = read(iterator.get(), buffer, sizeof(buffer))) > 0) {
    }
    if (got < 0)
      result = bpf_error(std::string("the task iterator that ") + what + " failed", errno);
  }
  bpf_link__destroy(link);
  return result;
}

}  // namespace

Result<std::unique_ptr<OffCpuProbe>> OffCpuProbe::open(const Options& options,
                                                       const ProcessProbe& process) {
  if (auto checked = check_stack_copy_bytes(options.stack_copy_bytes); !checked)
    return checked.error();
  std::unique_ptr<OffCpuProbe> probe(new OffCpuProbe());
  probe->skeleton_ = ember_offcpu::open();
  if (!probe->skeleton_) return bpf_error("cannot open the off-CPU BPF program", errno);
  probe->skeleton_->rodata->min_block_ns = options.min_block.count();
  probe->skeleton_->rodata->stack_copy_bytes = options.stack_copy_bytes;
  if (options.wakers) {
    const KernelTextRange irq_entry =
        kernel_text_range("__irqentry_text_start", "__irqentry_text_end");
    probe->skeleton_->rodata->irq_entry_start = irq_entry.start;
    probe->skeleton_->rodata->irq_entry_end = irq_entry.end;
  }
  auto& maps = probe->skeleton_->maps;
  const uint32_t slots = options.stack_copy_bytes ? kStackCopySlots : kFramePointerSlots;
  for (bpf_map* map : {options.stack_copy_bytes ? maps.copy_slots : maps.fp_slots, maps.free_slots})
    if (int err = bpf_map__set_max_entries(map, slots))
      return bpf_error("cannot size the off-CPU slots", err);
  if (auto shared = process.share_maps(probe->skeleton_->obj); !shared) return shared.error();
  if (int err = ember_offcpu::load(probe->skeleton_))
    return bpf_error("cannot load the off-CPU BPF program", err);
  if (auto filled = probe->fill_free_slots(slots); !filled) return filled.error();
  if (auto attached = probe->attach(options.wakers); !attached) return attached.error();
  return probe;
}

Result<void> OffCpuProbe::fill_free_slots(uint32_t slots) {
  const int fd = bpf_map__fd(skeleton_->maps.free_slots);
  for (uint32_t slot = 0; slot < slots; ++slot)
    if (bpf_map_update_elem(fd, nullptr, &slot, BPF_ANY) != 0)
      return bpf_error("cannot fill the off-CPU slot queue", errno);
  return {};
}

Result<void> OffCpuProbe::attach(bool wakers) {
  bpf_link* on_switch = bpf_program__attach(skeleton_->progs.on_switch);
  if (!on_switch) return bpf_error("cannot attach to the sched_switch tracepoint", errno);
  links_.push_back(on_switch);
  if (!wakers) return {};
  bpf_link* on_waking = bpf_program__attach(skeleton_->progs.on_waking);
  if (!on_waking) return bpf_error("cannot attach to the sched_waking tracepoint", errno);
  links_.push_back(on_waking);
  return {};
}

void OffCpuProbe::detach() {
  for (bpf_link* link : links_) bpf_link__destroy(link);
  links_.clear();
}

OffCpuProbe::~OffCpuProbe() {
  detach();
  ember_offcpu::destroy(skeleton_);
}

Result<void> OffCpuProbe::mark_blocked_threads() {
  return run_task_iterator(skeleton_->progs.seed_blocked, "marks threads already off-CPU");
}

void OffCpuProbe::flush_blocked_threads(const RingBufferReader::Handler& handler) {
  detach();  // from here on the maps hold still
  const uint64_t now = monotonic_nanos();
  const int blocked = bpf_map__fd(skeleton_->maps.blocked);
  const bool copies = skeleton_->rodata->stack_copy_bytes != 0;
  const int slots = bpf_map__fd(copies ? skeleton_->maps.copy_slots : skeleton_->maps.fp_slots);
  std::vector<uint8_t> record(copies ? sizeof(ember_stack_copy_record)
                                     : sizeof(ember_stack_record));
  uint32_t tid = 0, next = 0;
  for (bool first = true; bpf_map_get_next_key(blocked, first ? nullptr : &tid, &next) == 0;
       first = false) {
    tid = next;
    ember_blocked_thread entry{};
    if (bpf_map_lookup_elem(blocked, &tid, &entry) != 0 || now < entry.start_ns ||
        now - entry.start_ns < skeleton_->rodata->min_block_ns ||
        bpf_map_lookup_elem(slots, &entry.slot, record.data()) != 0)
      continue;
    auto* sample = reinterpret_cast<ember_stack_record*>(record.data());
    sample->time_ns = now;
    sample->value = now - entry.start_ns;
    sample->state = entry.state;
    handler(record.data(), record.size());
  }
}

std::vector<ShortWait> OffCpuProbe::short_waits() const {
  std::vector<ShortWait> waits;
  const int fd = bpf_map__fd(skeleton_->maps.short_waits);
  ember_short_wait_key key{}, next{};
  for (bool first = true; bpf_map_get_next_key(fd, first ? nullptr : &key, &next) == 0;
       first = false) {
    key = next;
    ShortWait wait{.key = key, .total = {}};
    if (bpf_map_lookup_elem(fd, &key, &wait.total) == 0) waits.push_back(wait);
  }
  return waits;
}

std::chrono::nanoseconds OffCpuProbe::min_block() const {
  return std::chrono::nanoseconds(skeleton_->rodata->min_block_ns);
}

}  // namespace ember::daemon

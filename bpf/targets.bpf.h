/* The target set, the loss counters and the record ring buffer, shared by every ember BPF
 * program: each object declares them, and the loader hands every object the same maps. */
#ifndef EMBER_BPF_TARGETS_H
#define EMBER_BPF_TARGETS_H

#include <bpf/bpf_core_read.h>

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, EMBER_MAX_TARGETS);
  __type(key, __u32);  /* tgid */
  __type(value, __u8); /* unused */
} targets SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, struct ember_target_filter);
} target_filter SEC(".maps");

/* With EMBER_SCOPE_CGROUP: the cgroup (v2) whose processes, and its descendants', are targets. */
struct {
  __uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, __u32);
} target_cgroup SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 4 << 20); /* resized by the loader */
} records SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, EMBER_COUNTER_COUNT);
  __type(key, __u32);
  __type(value, __u64);
} counters SEC(".maps");

static __always_inline void count(__u32 counter) {
  __u64 *value = bpf_map_lookup_elem(&counters, &counter);
  if (value) *value += 1;
}

static __always_inline struct ember_target_filter *filter(void) {
  __u32 zero = 0;
  return bpf_map_lookup_elem(&target_filter, &zero);
}

/* Whether process `pid` (any task's, not only the current one's) is a target. */
static __always_inline int is_target(__u32 pid) {
  if (pid == 0) return 0;
  if (bpf_map_lookup_elem(&targets, &pid)) return 1;
  struct ember_target_filter *f = filter();
  return f && f->scope == EMBER_SCOPE_ALL && pid != f->self_pid;
}

/* Submit flags for samples: the reader is woken only once the ring is a quarter full. A wakeup
 * per sample costs the sampled thread an interrupt to the reader's CPU, tens of microseconds on
 * a virtual machine; the reader reads every 100 ms anyway. Process records (exec, fork) force
 * their wakeup: their maps must be read while the process still has them (a plain submit wakes
 * the reader only when nothing was waiting before it, and samples usually are). */
static __always_inline __u64 sample_submit_flags(void) {
  const __u64 waiting = bpf_ringbuf_query(&records, BPF_RB_AVAIL_DATA);
  return waiting > bpf_ringbuf_query(&records, BPF_RB_RING_SIZE) / 4 ? BPF_RB_FORCE_WAKEUP
                                                                    : BPF_RB_NO_WAKEUP;
}

static __always_inline void emit_process_record(__u32 kind, __u32 pid, __u32 parent_pid) {
  struct ember_process_record *r = bpf_ringbuf_reserve(&records, sizeof(*r), 0);
  if (!r) {
    count(EMBER_COUNTER_RINGBUF_DROPS);
    return;
  }
  r->kind = kind;
  r->pid = pid;
  r->parent_pid = parent_pid;
  r->reserved = 0;
  bpf_ringbuf_submit(r, BPF_RB_FORCE_WAKEUP);
}

/* Whether the current task's process is a target; a process newly found in the target cgroup
 * (it may have been moved there, or forked there by a process outside it) or, with every
 * process a target, one seen for the first time, is added to the targets map and announced to
 * user space, which then reads its memory maps. Kernel threads have no maps to announce. */
static __always_inline int is_current_target(__u32 pid) {
  if (pid == 0) return 0;
  if (bpf_map_lookup_elem(&targets, &pid)) return 1;
  struct ember_target_filter *f = filter();
  if (!f || f->scope == EMBER_SCOPE_LISTED || pid == f->self_pid) return 0;
  if (f->scope == EMBER_SCOPE_CGROUP && bpf_current_task_under_cgroup(&target_cgroup, 0) != 1)
    return 0;
  __u8 yes = 1;
  if (bpf_map_update_elem(&targets, &pid, &yes, BPF_NOEXIST) == 0) {
    struct task_struct *task = (struct task_struct *)bpf_get_current_task();
    if (BPF_CORE_READ(task, mm)) emit_process_record(EMBER_RECORD_TARGET_FOUND, pid, 0);
  } else if (f->scope == EMBER_SCOPE_CGROUP) {
    count(EMBER_COUNTER_TARGETS_FULL); /* still a target, found again at its next event */
  }
  return 1;
}

#endif

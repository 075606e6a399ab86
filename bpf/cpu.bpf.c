// SPDX-License-Identifier: GPL-2.0
/* On-CPU sampling: a perf_event program on cpu-clock, one instance per CPU. For threads of
 * target processes it captures kernel and user stacks (frame pointers) into the ring buffer.
 * Targets are filtered here by tgid, so every thread counts, including ones created later. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "ember_abi.h"
#include "targets.bpf.h"

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 4 << 20); /* resized by the loader */
} records SEC(".maps");

const volatile __u64 sample_period_ns = 10101010; /* set by the loader */

SEC("perf_event")
int on_cpu_sample(struct bpf_perf_event_data *ctx) {
  __u64 pid_tgid = bpf_get_current_pid_tgid();
  __u32 pid = pid_tgid >> 32;
  if (!is_target(pid)) return 0;
  count(EMBER_COUNTER_SAMPLES);

  struct ember_stack_record *r = bpf_ringbuf_reserve(&records, sizeof(*r), 0);
  if (!r) {
    count(EMBER_COUNTER_RINGBUF_DROPS);
    return 0;
  }
  r->kind = EMBER_RECORD_STACK;
  r->pid = pid;
  r->tid = (__u32)pid_tgid;
  r->cpu = bpf_get_smp_processor_id();
  r->time_ns = bpf_ktime_get_ns();
  r->value = sample_period_ns;
  bpf_get_current_comm(r->comm, sizeof(r->comm));
  r->kernel_stack_bytes = bpf_get_stack(ctx, r->kernel_ips, sizeof(r->kernel_ips), 0);
  if (r->kernel_stack_bytes < 0) count(EMBER_COUNTER_KERNEL_STACK_ERRORS);
  r->user_stack_bytes = bpf_get_stack(ctx, r->user_ips, sizeof(r->user_ips), BPF_F_USER_STACK);
  if (r->user_stack_bytes < 0) count(EMBER_COUNTER_USER_STACK_ERRORS);
  bpf_ringbuf_submit(r, 0);
  return 0;
}

/* A target's new process (fork, not thread) becomes a target too; user space learns of it,
 * and of execs, to re-read the process's memory maps. */
SEC("tp_btf/sched_process_fork")
int BPF_PROG(on_fork, struct task_struct *parent, struct task_struct *child) {
  __u32 parent_pid = BPF_CORE_READ(parent, tgid);
  __u32 child_pid = BPF_CORE_READ(child, tgid);
  if (child_pid == parent_pid || !is_target(parent_pid)) return 0;
  __u8 yes = 1;
  if (bpf_map_update_elem(&targets, &child_pid, &yes, BPF_ANY)) {
    count(EMBER_COUNTER_TARGETS_FULL);
    return 0;
  }
  emit_process_record(&records, EMBER_RECORD_FORK, child_pid, parent_pid);
  return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(on_exec, struct task_struct *task) {
  __u32 pid = BPF_CORE_READ(task, tgid);
  if (is_target(pid)) emit_process_record(&records, EMBER_RECORD_EXEC, pid, 0);
  return 0;
}

char LICENSE[] SEC("license") = "GPL";

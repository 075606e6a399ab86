// SPDX-License-Identifier: GPL-2.0
/* On-CPU sampling: a perf_event program on cpu-clock, one instance per CPU. For threads of
 * target processes it captures the kernel stack and the user stack by frame pointers and, for
 * DWARF unwinding, the user registers and a copy of the user stack, into the ring buffer.
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
const volatile __u32 stack_copy_bytes = 0;        /* 0: frame pointers only */

static __always_inline void fill_sample(struct bpf_perf_event_data *ctx,
                                        struct ember_stack_record *r, __u32 kind, __u64 pid_tgid) {
  r->kind = kind;
  r->pid = pid_tgid >> 32;
  r->tid = (__u32)pid_tgid;
  r->cpu = bpf_get_smp_processor_id();
  r->time_ns = bpf_ktime_get_ns();
  r->value = sample_period_ns;
  bpf_get_current_comm(r->comm, sizeof(r->comm));
  r->kernel_stack_bytes = bpf_get_stack(ctx, r->kernel_ips, sizeof(r->kernel_ips), 0);
  if (r->kernel_stack_bytes < 0) count(EMBER_COUNTER_KERNEL_STACK_ERRORS);
  r->user_stack_bytes = bpf_get_stack(ctx, r->user_ips, sizeof(r->user_ips), BPF_F_USER_STACK);
  if (r->user_stack_bytes < 0) count(EMBER_COUNTER_USER_STACK_ERRORS);
}

#define EMBER_PAGE_SIZE 4096

/* Copies the stack from sp up: as much as is readable, at most `limit` bytes. The stack mapping
 * is not readable throughout: above the frames, exec leaves an untouched random gap below the
 * argument strings, whose pages are not present and cannot be faulted in from the timer
 * interrupt a cpu-clock sample runs in. So the copy is tried ending at each page boundary,
 * highest first, and the first that reads whole wins. Returns the bytes copied, or 0.
 * (bpf_find_vma cannot help: it needs the mmap lock, which this context cannot take.) */
static __always_inline __u32 copy_readable_stack(__u8 *stack, __u64 sp, __u64 limit) {
  const __u64 first_boundary = (sp + EMBER_PAGE_SIZE - 1) & ~(__u64)(EMBER_PAGE_SIZE - 1);
  for (int pages = EMBER_STACK_COPY_MAX / EMBER_PAGE_SIZE; pages >= 0; --pages) {
    __u64 size = first_boundary + (__u64)pages * EMBER_PAGE_SIZE - sp;
    if (size > limit) size = limit;
    if (size > EMBER_STACK_COPY_MAX) size = EMBER_STACK_COPY_MAX; /* bound for the verifier */
    if (size == 0) return 0;
    if (bpf_probe_read_user(stack, size, (void *)sp) == 0) return size;
  }
  return 0;
}

/* The registers the thread had in user space (saved on kernel entry, also when the sample
 * interrupted user code), and its stack from rsp up to the end of the stack's mapping, so
 * the outermost frames (main, _start, clone3) are in the copy. */
static __always_inline void copy_user_stack(struct ember_stack_copy_record *r) {
  struct task_struct *task = bpf_get_current_task_btf();
  struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(task);
  r->regs[0] = BPF_CORE_READ(regs, ax);
  r->regs[1] = BPF_CORE_READ(regs, dx);
  r->regs[2] = BPF_CORE_READ(regs, cx);
  r->regs[3] = BPF_CORE_READ(regs, bx);
  r->regs[4] = BPF_CORE_READ(regs, si);
  r->regs[5] = BPF_CORE_READ(regs, di);
  r->regs[6] = BPF_CORE_READ(regs, bp);
  r->regs[7] = BPF_CORE_READ(regs, sp);
  r->regs[8] = BPF_CORE_READ(regs, r8);
  r->regs[9] = BPF_CORE_READ(regs, r9);
  r->regs[10] = BPF_CORE_READ(regs, r10);
  r->regs[11] = BPF_CORE_READ(regs, r11);
  r->regs[12] = BPF_CORE_READ(regs, r12);
  r->regs[13] = BPF_CORE_READ(regs, r13);
  r->regs[14] = BPF_CORE_READ(regs, r14);
  r->regs[15] = BPF_CORE_READ(regs, r15);
  r->regs[16] = BPF_CORE_READ(regs, ip);

  r->stack_bytes = copy_readable_stack(r->stack, r->regs[7], stack_copy_bytes);
  r->stack_error = r->stack_bytes ? 0 : -14; /* EFAULT */
  if (!r->stack_bytes) count(EMBER_COUNTER_STACK_COPY_ERRORS);
}

SEC("perf_event")
int on_cpu_sample(struct bpf_perf_event_data *ctx) {
  __u64 pid_tgid = bpf_get_current_pid_tgid();
  if (!is_target(pid_tgid >> 32)) return 0;
  count(EMBER_COUNTER_SAMPLES);

  if (stack_copy_bytes) {
    struct ember_stack_copy_record *r = bpf_ringbuf_reserve(&records, sizeof(*r), 0);
    if (!r) {
      count(EMBER_COUNTER_RINGBUF_DROPS);
      return 0;
    }
    fill_sample(ctx, &r->sample, EMBER_RECORD_STACK_COPY, pid_tgid);
    copy_user_stack(r);
    bpf_ringbuf_submit(r, 0);
    return 0;
  }
  struct ember_stack_record *r = bpf_ringbuf_reserve(&records, sizeof(*r), 0);
  if (!r) {
    count(EMBER_COUNTER_RINGBUF_DROPS);
    return 0;
  }
  fill_sample(ctx, r, EMBER_RECORD_STACK, pid_tgid);
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

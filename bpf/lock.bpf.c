// SPDX-License-Identifier: GPL-2.0
/* Lock contention: how long target threads wait for locks, on which lock, and who released it.
 *
 * User-space locks (glibc mutexes, condition variables, semaphores, std::mutex...) block in the
 * futex syscall only when contended, so tracing futex calls costs nothing on the fast path and
 * never probes a user function. At sys_enter the call (time, futex word, op) is remembered per
 * thread; at sys_exit, still in the thread's own context with its user stack intact, a wait
 * becomes a sample weighted by the time it took, and a wake that woke someone becomes a holder
 * sample (the stack that released the lock). Kernel locks come from lock:contention_begin/end,
 * where the kernel has them (the loader leaves them out otherwise). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "ember_abi.h"
#include "stack_capture.bpf.h"

const volatile __u32 stack_copy_bytes = 0; /* 0: frame pointers only */

/* x86-64 syscall numbers and futex commands (include/uapi/linux/futex.h). */
#define NR_FUTEX 202
#define NR_FUTEX_WAITV 449
#define FUTEX_CMD_MASK 0x7f /* drops FUTEX_PRIVATE_FLAG (128) and FUTEX_CLOCK_REALTIME (256) */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_LOCK_PI 6
#define FUTEX_UNLOCK_PI 7
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_WAIT_REQUEUE_PI 11
#define FUTEX_LOCK_PI2 13
#define OP_WAITV 0xff /* our marker for futex_waitv, which has no op */

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, EMBER_MAX_LOCK_CALLS);
  __type(key, __u32); /* tid */
  __type(value, struct ember_lock_call);
} futex_calls SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, EMBER_MAX_LOCK_CALLS);
  __type(key, __u32); /* tid */
  __type(value, struct ember_lock_call);
} kernel_waits SEC(".maps");

/* The kind of wait an op is, or 0 for an op that does not wait. */
static __always_inline __u32 wait_kind(__u32 op) {
  switch (op) {
    case FUTEX_WAIT:
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
      return EMBER_LOCK_FUTEX_WAIT;
    case FUTEX_WAIT_BITSET:
    case FUTEX_WAIT_REQUEUE_PI:
    case OP_WAITV:
      return EMBER_LOCK_FUTEX_OTHER;
    default:
      return 0;
  }
}

static __always_inline int wakes(__u32 op) {
  return op == FUTEX_WAKE || op == FUTEX_WAKE_BITSET || op == FUTEX_WAKE_OP ||
         op == FUTEX_REQUEUE || op == FUTEX_CMP_REQUEUE || op == FUTEX_UNLOCK_PI;
}

static __always_inline void remember(void* map, __u32 tid, __u64 address, __u32 op) {
  struct ember_lock_call call = {.start_ns = bpf_ktime_get_ns(), .address = address, .op = op};
  if (bpf_map_update_elem(map, &tid, &call, BPF_ANY)) count(EMBER_COUNTER_LOCK_WAITS_FULL);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(lock_sys_enter, struct pt_regs* regs, long id) {
  if (id != NR_FUTEX && id != NR_FUTEX_WAITV) return 0;
  const __u64 pid_tgid = bpf_get_current_pid_tgid();
  if (!is_current_target(pid_tgid >> 32)) return 0;
  /* futex(uaddr, op, ...); futex_waitv(waiters, count, ...): the first waiter's word names it. */
  __u64 address = BPF_CORE_READ(regs, di);
  __u32 op = OP_WAITV;
  if (id == NR_FUTEX) {
    op = BPF_CORE_READ(regs, si) & FUTEX_CMD_MASK;
    if (!wait_kind(op) && !wakes(op)) return 0;
  } else {
    struct futex_waitv first = {};
    if (bpf_probe_read_user(&first, sizeof(first), (void*)address) == 0) address = first.uaddr;
  }
  remember(&futex_calls, (__u32)pid_tgid, address, op);
  return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(lock_sys_exit, struct pt_regs* regs, long ret) {
  const long id = BPF_CORE_READ(regs, orig_ax);
  if (id != NR_FUTEX && id != NR_FUTEX_WAITV) return 0;
  const __u64 pid_tgid = bpf_get_current_pid_tgid();
  const __u32 tid = (__u32)pid_tgid;
  struct ember_lock_call* found = bpf_map_lookup_elem(&futex_calls, &tid);
  if (!found) return 0;
  const struct ember_lock_call call = *found;
  bpf_map_delete_elem(&futex_calls, &tid);
  const __u32 kind = wait_kind(call.op);
  if (kind) {
    count(EMBER_COUNTER_SAMPLES);
    emit_current_sample_at(ctx, pid_tgid, EMBER_SOURCE_LOCK, bpf_ktime_get_ns() - call.start_ns,
                           kind, call.address, stack_copy_bytes);
  } else if (ret > 0) {
    /* The wake released waiters: this stack is the lock's holder handing it over. */
    emit_current_sample_at(ctx, pid_tgid, EMBER_SOURCE_LOCK_HOLDER, ret, 0, call.address,
                           stack_copy_bytes);
  }
  return 0;
}

SEC("tp_btf/contention_begin")
int BPF_PROG(lock_contention_begin, void* lock, unsigned int flags) {
  const __u64 pid_tgid = bpf_get_current_pid_tgid();
  if (!is_current_target(pid_tgid >> 32)) return 0;
  remember(&kernel_waits, (__u32)pid_tgid, (__u64)lock, flags);
  return 0;
}

SEC("tp_btf/contention_end")
int BPF_PROG(lock_contention_end, void* lock, int ret) {
  const __u64 pid_tgid = bpf_get_current_pid_tgid();
  const __u32 tid = (__u32)pid_tgid;
  struct ember_lock_call* found = bpf_map_lookup_elem(&kernel_waits, &tid);
  if (!found) return 0;
  const struct ember_lock_call call = *found;
  bpf_map_delete_elem(&kernel_waits, &tid);
  if (call.address != (__u64)lock) return 0; /* a nested wait ended; the outer one is gone */
  count(EMBER_COUNTER_SAMPLES);
  emit_current_sample_at(ctx, pid_tgid, EMBER_SOURCE_LOCK, bpf_ktime_get_ns() - call.start_ns,
                         EMBER_LOCK_KERNEL, call.address, stack_copy_bytes);
  return 0;
}

char LICENSE[] SEC("license") = "GPL";

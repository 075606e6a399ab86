// SPDX-License-Identifier: GPL-2.0
/* Allocations by stack, in bytes, at a cost bounded by the slow paths (this kernel kind has
 * neither kprobes nor fentry, and a uprobe on every malloc costs microseconds).
 *
 * Sampled allocations: the preloaded sampler (daemon/preload/alloc_sampler.c), picking
 * allocations by bytes in the target itself, reports each pick with a marker syscall,
 * getppid(EMBER_ALLOC_MARKER, size, mean); at sys_enter the current thread is still inside
 * the allocation, so its stacks are the allocating call site's.
 *
 * Memory growth of live processes: brk growth and mmap at sys_enter, both rare, each with its
 * stack; write page faults (memory being touched for the first time, or copied on write)
 * sampled one in fault_sample_every, each sample standing for the bytes of all of them.
 * Shrinking (brk down, munmap) has no useful stack: it is only summed. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "ember_abi.h"
#include "stack_capture.bpf.h"

const volatile __u32 stack_copy_bytes = 0; /* 0: frame pointers only */
const volatile __u8 sampler_markers = 0;   /* take stacks at the preloaded sampler's markers */
const volatile __u8 memory_growth = 0;     /* take stacks at brk, mmap and page faults */
const volatile __u32 fault_sample_every = 64;

#define NR_BRK 12 /* x86-64 syscall numbers */
#define NR_MMAP 9
#define NR_MUNMAP 11
#define NR_GETPPID 110
#define FAULT_WRITE 0x2 /* x86 page fault error code: a write access */

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, EMBER_ALLOC_TOTAL_COUNT);
  __type(key, __u32);
  __type(value, __u64);
} totals SEC(".maps");

/* Write faults seen on this CPU since its last sample. */
struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, __u64);
} faults_since_sample SEC(".maps");

static __always_inline void add_total(__u32 which, __u64 bytes) {
  __u64* total = bpf_map_lookup_elem(&totals, &which);
  if (total) *total += bytes;
}

static __always_inline void on_brk(void* ctx, __u64 pid_tgid, __u64 requested) {
  struct task_struct* task = bpf_get_current_task_btf();
  const __u64 current = BPF_CORE_READ(task, mm, brk);
  if (requested == 0 || requested == current) return; /* a query */
  if (requested < current) {
    add_total(EMBER_ALLOC_TOTAL_BRK_SHRUNK, current - requested);
    return;
  }
  add_total(EMBER_ALLOC_TOTAL_BRK, requested - current);
  count(EMBER_COUNTER_SAMPLES);
  emit_current_sample(ctx, pid_tgid, EMBER_SOURCE_ALLOC, requested - current, EMBER_ALLOC_BRK,
                      stack_copy_bytes);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(on_sys_enter, struct pt_regs* regs, long id) {
  if (id != NR_GETPPID && id != NR_BRK && id != NR_MMAP && id != NR_MUNMAP) return 0;
  const __u64 pid_tgid = bpf_get_current_pid_tgid();
  if (!is_current_target(pid_tgid >> 32)) return 0;
  const __u64 arg0 = BPF_CORE_READ(regs, di), arg1 = BPF_CORE_READ(regs, si);
  if (id == NR_GETPPID) {
    if (sampler_markers && arg0 == EMBER_ALLOC_MARKER) {
      count(EMBER_COUNTER_SAMPLES);
      emit_current_sample_at(ctx, pid_tgid, EMBER_SOURCE_ALLOC, arg1, EMBER_ALLOC_SAMPLED,
                             BPF_CORE_READ(regs, dx), stack_copy_bytes);
    }
    return 0;
  }
  if (!memory_growth) return 0;
  if (id == NR_BRK) {
    on_brk(ctx, pid_tgid, arg0);
  } else if (id == NR_MUNMAP) {
    add_total(EMBER_ALLOC_TOTAL_MUNMAP, arg1);
  } else if (arg1) {
    add_total(EMBER_ALLOC_TOTAL_MMAP, arg1);
    count(EMBER_COUNTER_SAMPLES);
    emit_current_sample(ctx, pid_tgid, EMBER_SOURCE_ALLOC, arg1, EMBER_ALLOC_MMAP,
                        stack_copy_bytes);
  }
  return 0;
}

SEC("tp_btf/page_fault_user")
int BPF_PROG(on_page_fault, unsigned long address, struct pt_regs* regs, unsigned long error) {
  if (!(error & FAULT_WRITE)) return 0;
  const __u64 pid_tgid = bpf_get_current_pid_tgid();
  if (!is_current_target(pid_tgid >> 32)) return 0;
  add_total(EMBER_ALLOC_TOTAL_PAGE_FAULTS, EMBER_PAGE_SIZE);
  const __u32 zero = 0;
  __u64* seen = bpf_map_lookup_elem(&faults_since_sample, &zero);
  if (!seen || ++*seen < fault_sample_every) return 0;
  *seen = 0;
  count(EMBER_COUNTER_SAMPLES);
  emit_current_sample(ctx, pid_tgid, EMBER_SOURCE_ALLOC,
                      (__u64)fault_sample_every * EMBER_PAGE_SIZE, EMBER_ALLOC_PAGE_FAULT,
                      stack_copy_bytes);
  return 0;
}

char LICENSE[] SEC("license") = "GPL";

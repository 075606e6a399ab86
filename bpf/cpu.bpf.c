// SPDX-License-Identifier: GPL-2.0
/* On-CPU sampling: a perf_event program on cpu-clock, one instance per CPU. For threads of
 * target processes it captures the kernel stack and the user stack by frame pointers and, for
 * DWARF unwinding, the user registers and a copy of the user stack, into the ring buffer.
 * Targets are filtered here by tgid, so every thread counts, including ones created later. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "ember_abi.h"
#include "stack_capture.bpf.h"

const volatile __u64 sample_period_ns = 10101010; /* nominal; set by the loader */
const volatile __u32 stack_copy_bytes = 0;        /* 0: frame pointers only */

/* Each CPU's clock, written by the loader when it restarts the clock with a new period. */
struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 1); /* set to the number of possible CPUs by the loader */
  __type(key, __u32);
  __type(value, struct ember_cpu_clock);
} cpu_clocks SEC(".maps");

/* This CPU's cpu-clock count at its previous sample. */
struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, __u64);
} clock_at_last_sample SEC(".maps");

/* The CPU time this sample stands for: the clock's current period, and after a restart the
 * clock since the previous sample, which includes the part of the old period the restart cut
 * short. That is at most a longest period more: beyond it, the clock did not fire while the
 * CPU idled (some hypervisors stop it), time no target used. */
static __always_inline __u64 sample_weight(struct bpf_perf_event_data *ctx) {
  __u32 zero = 0, cpu = bpf_get_smp_processor_id();
  __u64 *last = bpf_map_lookup_elem(&clock_at_last_sample, &zero);
  struct ember_cpu_clock *clock = bpf_map_lookup_elem(&cpu_clocks, &cpu);
  struct bpf_perf_event_value now;
  if (!last || !clock || bpf_perf_prog_read_value(ctx, &now, sizeof(now)))
    return sample_period_ns;
  __u64 elapsed = *last ? now.counter - *last : 0;
  *last = now.counter;
  __u64 period = clock->period_ns ? clock->period_ns : sample_period_ns;
  if (!clock->restarted) return period;
  clock->restarted = 0;
  __u64 longest = period + sample_period_ns * 3 / 2;
  return elapsed > period && elapsed < longest ? elapsed : period;
}

SEC("perf_event")
int on_cpu_sample(struct bpf_perf_event_data *ctx) {
  __u64 weight = sample_weight(ctx);
  __u64 pid_tgid = bpf_get_current_pid_tgid();
  if (!is_current_target(pid_tgid >> 32)) return 0;
  count(EMBER_COUNTER_SAMPLES);
  emit_current_sample(ctx, pid_tgid, EMBER_SOURCE_CPU, weight, 0, stack_copy_bytes);
  return 0;
}

char LICENSE[] SEC("license") = "GPL";

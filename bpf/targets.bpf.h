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
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 4 << 20); /* resized by the loader */
} records SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, EMBER_COUNTER_COUNT);
  __type(key, __u32);
  __type(value, __u64);
} counters SEC(".maps");

static __always_inline int is_target(__u32 pid) {
  return pid != 0 && bpf_map_lookup_elem(&targets, &pid) != 0;
}

static __always_inline void count(__u32 counter) {
  __u64 *value = bpf_map_lookup_elem(&counters, &counter);
  if (value) *value += 1;
}

/* Submit flags for samples: the reader is woken only once the ring is a quarter full. A wakeup
 * per sample costs the sampled thread an interrupt to the reader's CPU, tens of microseconds on
 * a virtual machine; the reader polls every 100 ms anyway. Process records (exec, fork) keep
 * their wakeup: their maps must be read while the process still has them. */
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
  bpf_ringbuf_submit(r, 0);
}

#endif

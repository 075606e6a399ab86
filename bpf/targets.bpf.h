/* The target set and loss counters, shared by every ember BPF program. */
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

static __always_inline void emit_process_record(void *ringbuf, __u32 kind, __u32 pid,
                                                __u32 parent_pid) {
  struct ember_process_record *r = bpf_ringbuf_reserve(ringbuf, sizeof(*r), 0);
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

// SPDX-License-Identifier: GPL-2.0
/* Off-CPU time: how long target threads wait, where, and in which state.
 *
 * sched_switch runs in the context of the thread leaving the CPU, its user registers and stack
 * still its own: the stacks are captured there into a slot, as an on-CPU sample would capture
 * them (frame pointers, or a stack copy for DWARF unwinding), with the time and the thread's
 * state. When the thread is switched back in, the slot goes to the ring buffer weighted by the
 * time it waited. Waits shorter than min_block_ns are not emitted: they are summed per thread
 * and state in the kernel. (Capturing on resume, in the thread's own context, would copy the
 * stack only for long waits, but needs a kprobe or fentry on finish_task_switch, which kernels
 * without kprobes or BPF trampolines lack.)
 *
 * Slots are preallocated (an array of records) and handed out through a queue of free slot
 * numbers, so the cost is bounded and a thread without a slot is counted, not lost silently.
 * A task iterator (seed_blocked) captures the threads already off-CPU when the recording
 * starts; user space emits the threads still off-CPU when it stops (blocked map + slots).
 *
 * Wakers: sched_waking runs where the wakeup is made, so the waker's stacks are the current
 * ones. For a blocked target thread that has waited at least min_block_ns, they are emitted
 * weighted by that wait (user stack too when the waker is itself a target; kernel stack only
 * for other processes and for interrupts, where the current task is whichever one the
 * interrupt landed on). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "ember_abi.h"
#include "stack_capture.bpf.h"

const volatile __u64 min_block_ns = 20000; /* set by the loader */
const volatile __u32 stack_copy_bytes = 0; /* 0: frame pointers only */
/* The kernel's interrupt entry code (__irqentry_text_start/end), which every hard interrupt
 * passes through: a wakeup with it on the kernel stack was made by an interrupt. 0: unknown. */
const volatile __u64 irq_entry_start = 0, irq_entry_end = 0;

/* Task state bits (include/linux/sched.h). */
#define TASK_INTERRUPTIBLE 0x1
#define TASK_UNINTERRUPTIBLE 0x2
#define TASK_STOPPED_OR_TRACED (0x4 | 0x8)
#define TASK_EXITING (0x10 | 0x20 | 0x80) /* EXIT_DEAD, EXIT_ZOMBIE, TASK_DEAD */
#define TASK_NOLOAD 0x400

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, EMBER_MAX_BLOCKED_THREADS);
  __type(key, __u32); /* tid */
  __type(value, struct ember_blocked_thread);
} blocked SEC(".maps");

/* The captured samples: fp_slots with frame pointers, copy_slots with stack copies; the loader
 * sizes the one in use and shrinks the other to one entry. */
struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, struct ember_stack_record);
} fp_slots SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, struct ember_stack_copy_record);
} copy_slots SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_QUEUE);
  __uint(max_entries, 1);
  __type(value, __u32);
} free_slots SEC(".maps"); /* filled with every slot number by the loader */

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, EMBER_MAX_SHORT_WAIT_THREADS);
  __type(key, struct ember_short_wait_key);
  __type(value, struct ember_short_wait_total);
} short_waits SEC(".maps");

static __always_inline __u32 thread_state(int preempted, unsigned int task_state) {
  if (preempted || task_state == 0) return EMBER_STATE_RUNNABLE;
  if (task_state & TASK_STOPPED_OR_TRACED) return EMBER_STATE_STOPPED;
  /* TASK_IDLE (uninterruptible but not counted as load) is a plain wait for work. */
  if (task_state & TASK_UNINTERRUPTIBLE)
    return (task_state & TASK_NOLOAD) ? EMBER_STATE_SLEEPING : EMBER_STATE_UNINTERRUPTIBLE;
  if (task_state & TASK_INTERRUPTIBLE) return EMBER_STATE_SLEEPING;
  return EMBER_STATE_OTHER;
}

static __always_inline void add_short_wait(struct ember_blocked_thread *entry, __u32 tid,
                                           __u64 waited) {
  struct ember_short_wait_key key = {.pid = entry->pid, .tid = tid, .state = entry->state};
  struct ember_short_wait_total *total = bpf_map_lookup_elem(&short_waits, &key);
  if (!total) {
    struct ember_short_wait_total first = {};
    __builtin_memcpy(first.comm, entry->comm, sizeof(first.comm));
    bpf_map_update_elem(&short_waits, &key, &first, BPF_NOEXIST);
    total = bpf_map_lookup_elem(&short_waits, &key);
    if (!total) {
      count(EMBER_COUNTER_SHORT_WAITS_FULL);
      return;
    }
  }
  __sync_fetch_and_add(&total->count, 1);
  __sync_fetch_and_add(&total->total_ns, waited);
}

/* The slot's record header, for either slot kind. */
static __always_inline struct ember_stack_record *slot_sample(__u32 slot) {
  if (stack_copy_bytes) {
    struct ember_stack_copy_record *r = bpf_map_lookup_elem(&copy_slots, &slot);
    return r ? &r->sample : 0;
  }
  return bpf_map_lookup_elem(&fp_slots, &slot);
}

static __always_inline void emit_slot(__u32 slot) {
  long err = 0;
  if (stack_copy_bytes) {
    struct ember_stack_copy_record *r = bpf_map_lookup_elem(&copy_slots, &slot);
    if (r) {
      /* Only the valid part of the stack copy: waits are many where threads switch often. */
      __u64 size = __builtin_offsetof(struct ember_stack_copy_record, stack) + r->stack_bytes;
      if (size > sizeof(*r)) size = sizeof(*r);
      err = bpf_ringbuf_output(&records, r, size, sample_submit_flags());
    }
  } else {
    struct ember_stack_record *r = bpf_map_lookup_elem(&fp_slots, &slot);
    if (r) err = bpf_ringbuf_output(&records, r, sizeof(*r), sample_submit_flags());
  }
  if (err) count(EMBER_COUNTER_RINGBUF_DROPS);
}

/* The thread is back on a CPU: emit its wait (or sum it when short) and free its slot. */
static __always_inline void on_switch_in(struct task_struct *task) {
  __u32 tid = task->pid;
  struct ember_blocked_thread *found = bpf_map_lookup_elem(&blocked, &tid);
  if (!found) return;
  struct ember_blocked_thread entry = *found;
  bpf_map_delete_elem(&blocked, &tid);
  const __u64 now = bpf_ktime_get_ns();
  const __u64 waited = now - entry.start_ns;
  if (waited < min_block_ns) {
    add_short_wait(&entry, tid, waited);
  } else {
    struct ember_stack_record *sample = slot_sample(entry.slot);
    if (sample) {
      sample->time_ns = now;
      sample->value = waited;
      sample->state = entry.state;
      emit_slot(entry.slot);
    }
  }
  bpf_map_push_elem(&free_slots, &entry.slot, 0);
}

/* Records `tid` as blocked from now, in a free slot; null when none is free (then the wait is
 * counted as not tracked). With `replace`, an entry the thread already has is stale (a thread
 * leaving a CPU is not waiting; its switch-in was not seen, e.g. seeded just as it woke): it is
 * overwritten, slot and all, so that no running time is ever counted as waiting. */
static __always_inline struct ember_stack_record *block(__u32 pid, __u32 tid, __u32 state,
                                                        const char *comm, __u32 *slot,
                                                        int replace) {
  struct ember_blocked_thread *stale = replace ? bpf_map_lookup_elem(&blocked, &tid) : 0;
  if (stale) {
    *slot = stale->slot;
  } else if (bpf_map_pop_elem(&free_slots, slot)) {
    count(EMBER_COUNTER_BLOCKED_FULL);
    return 0;
  }
  struct ember_stack_record *sample = slot_sample(*slot);
  struct ember_blocked_thread entry = {
      .start_ns = bpf_ktime_get_ns(), .pid = pid, .state = state, .slot = *slot};
  __builtin_memcpy(entry.comm, comm, sizeof(entry.comm));
  if (!sample || bpf_map_update_elem(&blocked, &tid, &entry, stale ? BPF_ANY : BPF_NOEXIST)) {
    if (!stale) bpf_map_push_elem(&free_slots, slot, 0);
    return 0;
  }
  const __u32 kind = stack_copy_bytes ? EMBER_RECORD_STACK_COPY : EMBER_RECORD_STACK;
  fill_header(sample, kind, pid, tid, EMBER_SOURCE_OFFCPU, 0, state);
  __builtin_memcpy(sample->comm, comm, sizeof(sample->comm));
  return sample;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(on_switch, bool preempt, struct task_struct *prev, struct task_struct *next,
             unsigned int prev_state) {
  if (is_target(next->tgid)) on_switch_in(next);

  const __u32 pid = prev->tgid, tid = prev->pid;
  if (!is_current_target(pid) || (prev_state & TASK_EXITING)) return 0;
  char comm[EMBER_COMM_LEN];
  bpf_get_current_comm(comm, sizeof(comm));
  __u32 slot = 0;
  struct ember_stack_record *sample =
      block(pid, tid, thread_state(preempt, prev_state), comm, &slot, 1);
  if (!sample) return 0;
  /* prev is still the current task here: its stacks are the current ones. */
  capture_current_stacks(ctx, sample);
  if (stack_copy_bytes) {
    struct ember_stack_copy_record *r = bpf_map_lookup_elem(&copy_slots, &slot);
    if (r) copy_user_stack(r, stack_copy_bytes, bpf_get_current_task_btf(), 0);
  }
  return 0;
}

/* Frames up to the interrupt entry when the kernel stack passes through one, else 0: beyond
 * it lies whatever the interrupt landed on, not part of the wakeup. */
static __always_inline int interrupt_frames(const struct ember_stack_record *r) {
  const int frames = r->kernel_stack_bytes / (int)sizeof(__u64);
  for (int i = 0; i < EMBER_MAX_STACK_DEPTH && i < frames; i++)
    if (r->kernel_ips[i] >= irq_entry_start && r->kernel_ips[i] < irq_entry_end) return i + 1;
  return 0;
}

SEC("tp_btf/sched_waking")
int BPF_PROG(on_waking, struct task_struct *woken) {
  const __u32 woken_pid = woken->tgid, woken_tid = woken->pid;
  if (!is_target(woken_pid)) return 0;
  const struct ember_blocked_thread *entry = bpf_map_lookup_elem(&blocked, &woken_tid);
  if (!entry || entry->state == EMBER_STATE_RUNNABLE) return 0;
  const __u64 waited = bpf_ktime_get_ns() - entry->start_ns;
  if (waited < min_block_ns) return 0;
  const __u64 woken_id = (__u64)woken_pid << 32 | woken_tid;
  const __u64 waker = bpf_get_current_pid_tgid();

  struct ember_stack_record *r = bpf_ringbuf_reserve(&records, sizeof(*r), 0);
  if (!r) {
    count(EMBER_COUNTER_RINGBUF_DROPS);
    return 0;
  }
  fill_header(r, EMBER_RECORD_STACK, waker >> 32, (__u32)waker, EMBER_SOURCE_WAKER, waited, 0);
  r->detail = woken_id;
  capture_current_kernel_stack(ctx, r);
  r->user_stack_bytes = 0; /* only targets' user stacks are symbolized */
  const int in_interrupt = interrupt_frames(r);
  if (in_interrupt) {
    r->kernel_stack_bytes = in_interrupt * sizeof(__u64);
    r->pid = r->tid = 0;
    __builtin_memcpy(r->comm, "[interrupt]", sizeof("[interrupt]"));
  } else if (is_target(waker >> 32)) {
    if (stack_copy_bytes) { /* unwound like any target's stack: retaken with its copy */
      bpf_ringbuf_discard(r, 0);
      emit_current_sample_at(ctx, waker, EMBER_SOURCE_WAKER, waited, 0, woken_id,
                             stack_copy_bytes);
      return 0;
    }
    capture_current_user_stack(ctx, r);
  }
  bpf_ringbuf_submit(r, sample_submit_flags());
  return 0;
}

/* The user stack of another (blocked) task by its frame-pointer chain: its saved rbp and rip,
 * then [rbp] (the caller's rbp) and [rbp + 8] (the return address), while frames go up.
 * Returns the bytes filled, like bpf_get_stack. */
static __always_inline __s32 walk_frame_pointers(struct task_struct *task, __u64 *ips) {
  struct pt_regs *regs = (struct pt_regs *)bpf_task_pt_regs(task);
  __u64 frame_pointer = BPF_CORE_READ(regs, bp);
  ips[0] = BPF_CORE_READ(regs, ip);
  int frames = 1;
  for (int i = 1; i < EMBER_MAX_STACK_DEPTH; i++) {
    __u64 frame[2];
    if (!frame_pointer || read_user(frame, sizeof(frame), frame_pointer, task) || !frame[1])
      break;
    ips[i] = frame[1];
    frames = i + 1;
    if (frame[0] <= frame_pointer) break; /* callers' frames lie higher on the stack */
    frame_pointer = frame[0];
  }
  return frames * sizeof(__u64);
}

/* Threads of the targets already off-CPU when the recording starts: captured as if they had
 * just switched out, so their whole wait during the recording counts. Sleepable, to read
 * another task's user memory. */
SEC("iter.s/task")
int seed_blocked(struct bpf_iter__task *ctx) {
  struct task_struct *task = ctx->task;
  if (!task || !is_target(task->tgid) || task->on_cpu) return 0;
  const unsigned int task_state = BPF_CORE_READ(task, __state);
  if (task_state & TASK_EXITING) return 0;
  char comm[EMBER_COMM_LEN];
  bpf_probe_read_kernel_str(comm, sizeof(comm), task->comm);
  __u32 slot = 0;
  struct ember_stack_record *sample =
      block(task->tgid, task->pid, thread_state(0, task_state), comm, &slot, 0);
  if (!sample) return 0;
  sample->kernel_stack_bytes =
      bpf_get_task_stack(task, sample->kernel_ips, sizeof(sample->kernel_ips), 0);
  if (sample->kernel_stack_bytes < 0) count(EMBER_COUNTER_KERNEL_STACK_ERRORS);
  sample->user_stack_bytes = walk_frame_pointers(task, sample->user_ips);
  capture_python_frames(sample, task, 1);
  if (stack_copy_bytes) {
    struct ember_stack_copy_record *r = bpf_map_lookup_elem(&copy_slots, &slot);
    if (r) copy_user_stack(r, stack_copy_bytes, task, 1);
  }
  return 0;
}

char LICENSE[] SEC("license") = "GPL";

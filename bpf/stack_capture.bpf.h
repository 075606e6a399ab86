/* Stack samples of the current thread (kernel stack, user stack by frame pointers, and for
 * DWARF unwinding the user registers and a copy of the user stack), shared by the probes that
 * take a sample where the thread itself runs: on-CPU (perf_event) and off-CPU (on resume). */
#ifndef EMBER_BPF_STACK_CAPTURE_H
#define EMBER_BPF_STACK_CAPTURE_H

#include "targets.bpf.h"

#define EMBER_PAGE_SIZE 4096

static __always_inline void fill_header(struct ember_stack_record* r, __u32 kind, __u32 pid,
                                        __u32 tid, __u32 source, __u64 value, __u32 state) {
  r->kind = kind;
  r->pid = pid;
  r->tid = tid;
  r->cpu = bpf_get_smp_processor_id();
  r->time_ns = bpf_ktime_get_ns();
  r->value = value;
  r->source = source;
  r->state = state;
  r->detail = 0;
  r->runtime = 0;
  r->runtime_frame_count = 0;
  r->runtime_frames_truncated = 0;
}

/* Reads user memory of `task`, or of the current thread when task is NULL. Only sleepable
 * programs pass a task (bpf_copy_from_user_task may fault pages in); callers pass a constant,
 * so the other branch is compiled away. */
static __always_inline long read_user(void* dst, __u32 size, __u64 src, struct task_struct* task) {
  if (task) return bpf_copy_from_user_task(dst, size, (void*)src, task, 0);
  return bpf_probe_read_user(dst, size, (void*)src);
}

/* Runtime frames, read with read_user. */
#include "python_stack.bpf.h"

/* Per thread, where its stack stopped being readable last time (see copy_readable_stack). */
struct {
  __uint(type, BPF_MAP_TYPE_LRU_HASH);
  __uint(max_entries, 16384);
  __type(key, __u32);   /* thread id */
  __type(value, __u64); /* end of the last whole copy */
} readable_stack_ends SEC(".maps");

/* Copies the stack from sp up: as much as is readable, at most `limit` bytes. The stack mapping
 * is not readable throughout: above the frames, exec leaves an untouched random gap below the
 * argument strings, whose pages are not present and cannot be faulted in from the timer
 * interrupt a cpu-clock sample runs in. So the copy is tried ending at each page boundary,
 * highest first, and the first that reads whole wins. Each failed try costs a fault (several
 * microseconds on a virtual machine), so where the thread's last copy ended is remembered and
 * tried first. Returns the bytes copied, or 0. (bpf_find_vma cannot help: it needs the mmap
 * lock, which this context cannot take.) */
static __always_inline __u32 copy_readable_stack(__u8* stack, __u64 sp, __u64 limit,
                                                 struct task_struct* task, __u32 tid) {
  __u64* known_end = bpf_map_lookup_elem(&readable_stack_ends, &tid);
  if (known_end && *known_end > sp) {
    __u64 size = *known_end - sp;
    if (size > limit) size = limit;
    if (size > EMBER_STACK_COPY_MAX) size = EMBER_STACK_COPY_MAX; /* bound for the verifier */
    if (size > 0 && read_user(stack, size, sp, task) == 0) return size;
  }
  const __u64 first_boundary = (sp + EMBER_PAGE_SIZE - 1) & ~(__u64)(EMBER_PAGE_SIZE - 1);
  __u64 tried = 0;
  for (int pages = EMBER_STACK_COPY_MAX / EMBER_PAGE_SIZE; pages >= 0; --pages) {
    __u64 size = first_boundary + (__u64)pages * EMBER_PAGE_SIZE - sp;
    if (size > limit) size = limit;
    if (size > EMBER_STACK_COPY_MAX) size = EMBER_STACK_COPY_MAX; /* bound for the verifier */
    if (size == 0) return 0;
    /* Sizes above the limit all clamp to it: a failed read costs a fault, try it only once. */
    if (size == tried) continue;
    tried = size;
    if (read_user(stack, size, sp, task) == 0) {
      /* Only a copy cut short of the limit ended where the readable part does. */
      const __u64 end = sp + size;
      if (size < limit) bpf_map_update_elem(&readable_stack_ends, &tid, &end, BPF_ANY);
      return size;
    }
  }
  return 0;
}

/* The registers the task had in user space (saved on kernel entry, also when the sample
 * interrupted user code), and its stack from rsp up to the end of the stack's mapping, so
 * the outermost frames (main, _start, clone3) are in the copy. */
static __always_inline void copy_user_stack(struct ember_stack_copy_record* r, __u32 limit,
                                            struct task_struct* task, int sleepable) {
  struct pt_regs* regs = (struct pt_regs*)bpf_task_pt_regs(task);
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

  r->stack_bytes = copy_readable_stack(r->stack, r->regs[7], limit, sleepable ? task : 0,
                                       BPF_CORE_READ(task, pid));
  r->stack_error = r->stack_bytes ? 0 : -14; /* EFAULT */
  if (!r->stack_bytes) count(EMBER_COUNTER_STACK_COPY_ERRORS);
}

/* The current thread's name and kernel stack, seen from ctx (perf_event or tracepoint). */
static __always_inline void capture_current_kernel_stack(void* ctx, struct ember_stack_record* r) {
  bpf_get_current_comm(r->comm, sizeof(r->comm));
  r->kernel_stack_bytes = bpf_get_stack(ctx, r->kernel_ips, sizeof(r->kernel_ips), 0);
  if (r->kernel_stack_bytes < 0) count(EMBER_COUNTER_KERNEL_STACK_ERRORS);
}

/* The current thread's frame-pointer user stack (bpf_get_stack finds the user registers
 * itself when ctx holds kernel ones), and its runtime frames where its process has a runtime. */
static __always_inline void capture_current_user_stack(void* ctx, struct ember_stack_record* r) {
  r->user_stack_bytes = bpf_get_stack(ctx, r->user_ips, sizeof(r->user_ips), BPF_F_USER_STACK);
  if (r->user_stack_bytes < 0) count(EMBER_COUNTER_USER_STACK_ERRORS);
  capture_python_frames(r, bpf_get_current_task_btf(), 0);
}

static __always_inline void capture_current_stacks(void* ctx, struct ember_stack_record* r) {
  capture_current_kernel_stack(ctx, r);
  capture_current_user_stack(ctx, r);
}

/* Emits one stack sample of the current thread into the ring buffer: a stack copy record when
 * stack_copy_bytes is set (DWARF unwinding), else a frame-pointer record. `detail` is the
 * record's source-specific detail (a lock's address, a sampler's mean), or 0. */
static __always_inline void emit_current_sample_at(void* ctx, __u64 pid_tgid, __u32 source,
                                                   __u64 value, __u32 state, __u64 detail,
                                                   __u32 stack_copy_bytes) {
  if (stack_copy_bytes) {
    struct ember_stack_copy_record* r = bpf_ringbuf_reserve(&records, sizeof(*r), 0);
    if (!r) {
      count(EMBER_COUNTER_RINGBUF_DROPS);
      return;
    }
    fill_header(&r->sample, EMBER_RECORD_STACK_COPY, pid_tgid >> 32, (__u32)pid_tgid, source, value,
                state);
    r->sample.detail = detail;
    capture_current_stacks(ctx, &r->sample);
    copy_user_stack(r, stack_copy_bytes, bpf_get_current_task_btf(), 0);
    bpf_ringbuf_submit(r, sample_submit_flags());
    return;
  }
  struct ember_stack_record* r = bpf_ringbuf_reserve(&records, sizeof(*r), 0);
  if (!r) {
    count(EMBER_COUNTER_RINGBUF_DROPS);
    return;
  }
  fill_header(r, EMBER_RECORD_STACK, pid_tgid >> 32, (__u32)pid_tgid, source, value, state);
  r->detail = detail;
  capture_current_stacks(ctx, r);
  bpf_ringbuf_submit(r, sample_submit_flags());
}

static __always_inline void emit_current_sample(void* ctx, __u64 pid_tgid, __u32 source,
                                                __u64 value, __u32 state, __u32 stack_copy_bytes) {
  emit_current_sample_at(ctx, pid_tgid, source, value, state, 0, stack_copy_bytes);
}

#endif

/* CPython frames of the sampled thread, read where it stopped: a bounded walk from the thread's
 * PyThreadState (found through the interpreter's pthread key, as PyGILState_GetThisThreadState
 * does, so threads that do not hold the GIL are found too) along its frame chain, recording per
 * frame the code object, the instruction index and a check of the code. The layout comes from
 * user space, by process (struct ember_python_process); processes without one cost a map
 * lookup. Included by stack_capture.bpf.h, whose read_user it uses. */
#ifndef EMBER_BPF_PYTHON_STACK_H
#define EMBER_BPF_PYTHON_STACK_H

#include "python_processes.bpf.h"

/* glibc keeps the values of the first 32 pthread keys inline in the thread descriptor; later
 * keys sit behind a second-level table, which is not followed (CPython creates its key early). */
#define EMBER_INLINE_PTHREAD_KEYS 32
/* Frames skipped without being recorded (3.12+ shims under each activation) are bounded too. */
#define EMBER_PYTHON_WALK_STEPS (EMBER_MAX_RUNTIME_FRAMES + EMBER_MAX_RUNTIME_FRAMES / 2)

/* Reads a field of `size` bytes at base + offset into a zeroed __u64. */
static __always_inline int read_field(__u64* value, __u32 size, __u64 base, __u32 offset,
                                      struct task_struct* reader) {
  *value = 0;
  return read_user(value, size, base + offset, reader) ? -1 : 0;
}

/* The thread's PyThreadState, or 0 when it has none (not a Python thread, or the interpreter not
 * started yet); -1 when the reads failed. */
static __always_inline __s64 python_thread_state(const struct ember_python_process* py,
                                                 struct task_struct* task,
                                                 struct task_struct* reader) {
  struct {
    __s32 initialized;
    __u32 key;
  } tss;
  if (read_user(&tss, sizeof(tss), py->tss_address, reader)) return -1;
  if (!tss.initialized) return 0;
  if (tss.key >= EMBER_INLINE_PTHREAD_KEYS) return -1;
  const __u64 fsbase = BPF_CORE_READ(task, thread.fsbase);
  __u64 tstate = 0;
  if (!fsbase ||
      read_user(&tstate, sizeof(tstate), fsbase + py->tls_key_data + 16 * tss.key, reader))
    return -1;
  return (__s64)tstate;
}

/* The walk's state between steps (bpf_loop lets the verifier check one step, not each). */
struct python_walk {
  struct ember_stack_record* r;
  const struct ember_python_process* py;
  struct task_struct* reader; /* sleepable programs: the task whose memory is read */
  __u64 frame;                /* the next frame to read */
  __u32 n;                    /* frames recorded */
  __u32 unreadable;
};

/* One frame: recorded, or (a shim) marks its callee as an activation's entry. 1 ends the walk. */
static __always_inline long python_walk_step(struct python_walk* w, int sleepable) {
  struct task_struct* reader = sleepable ? w->reader : 0;
  const struct ember_python_process* py = w->py;
  struct ember_stack_record* r = w->r;
  const __u64 frame = w->frame;
  const __u32 n = w->n;
  if (!frame) return 1;
  __u64 code = 0, previous = 0, instr = 0, owner = 0, entry = 0;
  if (read_field(&code, 8, frame, py->frame_code, reader) ||
      read_field(&previous, 8, frame, py->frame_previous, reader) ||
      read_field(&owner, 1, frame, py->frame_owner, reader))
    goto unreadable;
  w->frame = previous;
  if (owner == py->owner_cstack) { /* the shim under an activation: its callee entered it */
    if (n > 0 && n <= EMBER_MAX_RUNTIME_FRAMES)
      r->runtime_frames[n - 1].flags |= EMBER_RUNTIME_FRAME_ENTRY;
    return 0;
  }
  if (n >= EMBER_MAX_RUNTIME_FRAMES) {
    r->runtime_frames_truncated = 1;
    count(EMBER_COUNTER_RUNTIME_TRUNCATED);
    return 1;
  }
  __u64 type = 0, argcount = 0, flags = 0, firstlineno = 0;
  if (read_field(&instr, 8, frame, py->frame_instr, reader) ||
      (py->frame_is_entry != EMBER_PYTHON_NO_FIELD &&
       read_field(&entry, 1, frame, py->frame_is_entry, reader)) ||
      read_field(&type, 8, code, 8, reader) || type != py->code_type ||
      read_field(&argcount, 4, code, py->code_argcount, reader) ||
      read_field(&flags, 4, code, py->code_flags, reader) ||
      read_field(&firstlineno, 4, code, py->code_firstlineno, reader))
    goto unreadable;
  struct ember_runtime_frame* f = &r->runtime_frames[n];
  f->code = code;
  /* Before its first instruction, a frame's pointer is one code unit before the start. */
  const __u64 start = code + py->code_bytecode;
  f->position = instr >= start ? (__u32)((instr - start) / 2) : 0;
  f->check = ember_python_code_check(argcount, flags, firstlineno);
  f->flags = entry ? EMBER_RUNTIME_FRAME_ENTRY : 0;
  w->n = n + 1;
  return 0;
unreadable:
  /* A frame changing under the walk (the thread runs on another CPU while an off-CPU sample is
   * seeded) or a stale layout: keep the frames read so far. */
  w->unreadable = 1;
  return 1;
}

static long python_step_current(__u32 step, void* walk) {
  return python_walk_step(walk, 0);
}

static long python_step_task(__u32 step, void* walk) {
  return python_walk_step(walk, 1);
}

/* Fills r's runtime frames with the Python stack of `task` (the current task, unless sleepable),
 * leaf first. */
static __always_inline void capture_python_frames(struct ember_stack_record* r,
                                                  struct task_struct* task, int sleepable) {
  const struct ember_python_process* py = bpf_map_lookup_elem(&python_processes, &r->pid);
  if (!py) return;
  struct python_walk w = {.r = r, .py = py, .reader = sleepable ? task : 0};
  const __s64 tstate = python_thread_state(py, task, w.reader);
  if (tstate <= 0) {
    if (tstate < 0) count(EMBER_COUNTER_RUNTIME_UNREADABLE);
    return;
  }
  __u64 holder = (__u64)tstate;
  if ((py->tstate_cframe != EMBER_PYTHON_NO_FIELD &&
       read_field(&holder, 8, holder, py->tstate_cframe, w.reader)) ||
      !holder || read_field(&w.frame, 8, holder, py->tstate_frame, w.reader)) {
    count(EMBER_COUNTER_RUNTIME_UNREADABLE);
    return;
  }
  r->runtime = EMBER_RUNTIME_PYTHON;
  bpf_loop(EMBER_PYTHON_WALK_STEPS, sleepable ? python_step_task : python_step_current, &w, 0);
  r->runtime_frame_count = w.n;
  if (w.unreadable) count(EMBER_COUNTER_RUNTIME_UNREADABLE);
}

#endif

/* Every record and constant shared by the kernel side (the *.bpf.c programs) and the user side.
 * Fixed-width types only; sizes are checked on both sides (see EMBER_ABI_CHECK below). */
#ifndef EMBER_BPF_ABI_H
#define EMBER_BPF_ABI_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define EMBER_MAX_STACK_DEPTH 127 /* frames per stack, kernel and user each */
#define EMBER_COMM_LEN 16
#define EMBER_MAX_TARGETS 4096 /* processes filtered in the kernel */
/* Largest copy of the user stack per sample, for DWARF unwinding in user space. A power of two
 * (the BPF verifier bounds the copy size with a mask). */
#define EMBER_STACK_COPY_MAX 32768
/* Runtime (interpreter, JIT) frames read per sample, at most: deeper stacks keep their innermost
 * frames and count as truncated. */
#define EMBER_MAX_RUNTIME_FRAMES 96
#define EMBER_USER_REGS \
  17 /* x86-64 DWARF registers 0-16: rax rdx rcx rbx rsi rdi rbp rsp r8-r15 rip */

enum ember_record_kind {
  EMBER_RECORD_STACK = 1,        /* a stack sample: struct ember_stack_record */
  EMBER_RECORD_EXEC = 2,         /* a target called exec: struct ember_process_record */
  EMBER_RECORD_FORK = 3,         /* a target forked a new process, now a target too */
  EMBER_RECORD_STACK_COPY = 4,   /* a stack sample with registers and a stack copy:
                                    struct ember_stack_copy_record */
  EMBER_RECORD_TARGET_FOUND = 5, /* a process first seen in the target cgroup (or, with every
                                    process a target, first seen at all): struct
                                    ember_process_record */
  EMBER_RECORD_EXIT = 6,         /* a target's last thread exited: struct ember_process_record */
  EMBER_RECORD_LOADER_CHANGE = 7, /* a target's dynamic loader mapped or unmapped objects (its
                                     libraries at start-up, dlopen, dlclose): struct
                                     ember_process_record */
};

/* Which processes are targets. */
enum ember_target_scope {
  EMBER_SCOPE_LISTED = 0, /* those in the targets map (named PIDs, a command, their children) */
  EMBER_SCOPE_CGROUP = 1, /* also every process of the cgroup in target_cgroup, or below it */
  EMBER_SCOPE_ALL = 2,    /* every process but ember itself */
};

/* The target scope, one entry in an array map that every probe shares. */
struct ember_target_filter {
  __u32 scope;    /* enum ember_target_scope */
  __u32 self_pid; /* ember's own process, never a target */
};

/* Which probe took a stack sample: each source becomes its own profile. */
enum ember_source {
  EMBER_SOURCE_CPU = 1,    /* on-CPU: value is ns of CPU (see cpu.bpf.c sample_weight) */
  EMBER_SOURCE_OFFCPU = 2, /* off-CPU: value is ns blocked; state says how */
  EMBER_SOURCE_ALLOC = 3,  /* allocations and memory growth: value is bytes; state is an
                              enum ember_alloc_event */
  EMBER_SOURCE_LOCK = 4,   /* a lock wait: value is ns waited; state is an enum ember_lock_wait */
  EMBER_SOURCE_LOCK_HOLDER = 5, /* a futex wake that woke waiters: value is how many */
  EMBER_SOURCE_WAKER = 6,       /* what woke a blocked target thread (the waker's stacks; pid 0
                                   when an interrupt did): value is ns the thread had waited;
                                   detail is the woken thread, pid << 32 | tid */
};

/* What kind of wait a lock sample is, from the futex operation (user space refines it with
 * the waiter's frames, e.g. pthread_cond_wait). */
enum ember_lock_wait {
  EMBER_LOCK_FUTEX_WAIT = 1,  /* FUTEX_WAIT / FUTEX_LOCK_PI: how glibc mutexes block */
  EMBER_LOCK_FUTEX_OTHER = 2, /* FUTEX_WAIT_BITSET, futex_waitv: condvars, semaphores... */
  EMBER_LOCK_KERNEL = 3,      /* a kernel lock (lock:contention_begin/end) */
};

/* What an allocation sample stands for (its record's state). */
enum ember_alloc_event {
  EMBER_ALLOC_SAMPLED = 1,    /* one allocation the preloaded sampler picked: value is its size */
  EMBER_ALLOC_BRK = 2,        /* the heap grew by value bytes */
  EMBER_ALLOC_MMAP = 3,       /* value bytes were mapped */
  EMBER_ALLOC_PAGE_FAULT = 4, /* write page faults, 1 in N: value is the bytes they stand for */
};
/* The preloaded sampler's marker: getppid(EMBER_ALLOC_MARKER, size, mean bytes between samples),
 * recognised at sys_enter. */
#define EMBER_ALLOC_MARKER 0x656d626572616c6cULL /* "emberall" */

/* Bytes of memory growth by event, summed in the kernel (alloc.bpf.c), also what got no stack. */
enum ember_alloc_total {
  EMBER_ALLOC_TOTAL_BRK = 0,     /* heap growth */
  EMBER_ALLOC_TOTAL_BRK_SHRUNK,  /* heap shrinking */
  EMBER_ALLOC_TOTAL_MMAP,        /* mapped */
  EMBER_ALLOC_TOTAL_MUNMAP,      /* unmapped */
  EMBER_ALLOC_TOTAL_PAGE_FAULTS, /* bytes of write page faults, sampled or not */
  EMBER_ALLOC_TOTAL_COUNT
};

/* How an off-CPU thread left the CPU (from the task state at switch-out). */
enum ember_thread_state {
  EMBER_STATE_RUNNABLE = 1,        /* preempted or yielded: waiting in the run queue */
  EMBER_STATE_SLEEPING = 2,        /* interruptible sleep (S): waiting for an event */
  EMBER_STATE_UNINTERRUPTIBLE = 3, /* uninterruptible (D): disk I/O, some kernel locks */
  EMBER_STATE_STOPPED = 4,         /* stopped or traced */
  EMBER_STATE_OTHER = 5,
};

/* Which runtime's frames a stack record carries beside its native ones. */
enum ember_runtime {
  EMBER_RUNTIME_NONE = 0,
  EMBER_RUNTIME_PYTHON = 1, /* CPython: code is a PyCodeObject*, position an instruction index */
};

/* A runtime frame as read at the sample: which code ran, and where in it. Meant to fit every
 * interpreter or JIT: Python (code object, instruction index), later the JVM (Method*, bytecode
 * index) and V8 (SharedFunctionInfo*, bytecode offset). User space resolves the code identity to
 * a name, a file and a line by reading the live process, and checks `check` against the code
 * it reads there to catch an address freed and reused since. */
struct ember_runtime_frame {
  __u64 code;     /* the code's identity: its address in the target */
  __u32 position; /* where in the code: Python, the index of the last instruction started */
  __u16 check;    /* a hash of fields of the code read at the sample (see python_stack.bpf.h) */
  __u16 flags;    /* enum ember_runtime_frame_flag */
};

enum ember_runtime_frame_flag {
  /* The outermost frame one activation of the interpreter loop ran: the frames from the leaf up
   * to and including it replace that native activation (Python: _PyEval_EvalFrameDefault). */
  EMBER_RUNTIME_FRAME_ENTRY = 1,
};

/* Every record starts with its kind, so one ring buffer carries several record types. */
struct ember_stack_record {
  __u32 kind;
  __u32 pid; /* thread group id */
  __u32 tid;
  __u32 cpu;
  __u64 time_ns;            /* CLOCK_MONOTONIC */
  __u64 value;              /* what this sample weighs, in the source's unit */
  __u32 source;             /* enum ember_source */
  __u32 state;              /* off-CPU: enum ember_thread_state; 0 otherwise */
  __u64 detail;             /* lock: the lock's address (futex word or kernel lock); sampled
                               allocation: the sampler's mean bytes between samples; waker:
                               the woken thread; else 0 */
  __s32 kernel_stack_bytes; /* bytes filled in kernel_ips, or a negative errno */
  __s32 user_stack_bytes;   /* bytes filled in user_ips, or a negative errno */
  char comm[EMBER_COMM_LEN];
  __u64 kernel_ips[EMBER_MAX_STACK_DEPTH]; /* leaf first */
  __u64 user_ips[EMBER_MAX_STACK_DEPTH];   /* leaf first */
  __u16 runtime;                           /* enum ember_runtime of runtime_frames */
  __u16 runtime_frame_count;               /* valid entries in runtime_frames */
  __u32 runtime_frames_truncated;          /* 1: the walk stopped at EMBER_MAX_RUNTIME_FRAMES */
  struct ember_runtime_frame runtime_frames[EMBER_MAX_RUNTIME_FRAMES]; /* leaf first */
};

/* A stack sample for DWARF unwinding: the frame-pointer sample, plus the user registers at the
 * sample and a copy of the user stack from rsp up to the end of its mapping (at most the
 * configured size). Only stack_bytes of `stack` are valid. */
struct ember_stack_copy_record {
  struct ember_stack_record sample; /* sample.kind is EMBER_RECORD_STACK_COPY */
  __u64 regs[EMBER_USER_REGS];      /* DWARF register order */
  __u32 stack_bytes;                /* valid bytes in stack */
  __s32 stack_error;                /* 0, or the negative errno of a failed copy */
  __u8 stack[EMBER_STACK_COPY_MAX];
};

struct ember_process_record {
  __u32 kind;
  __u32 pid;
  __u32 parent_pid; /* for EMBER_RECORD_FORK */
  __u32 reserved;
};

/* Per-CPU counters, summed by user space. Losses are counted, never silent. */
enum ember_counter {
  EMBER_COUNTER_SAMPLES = 0,         /* samples taken in target threads */
  EMBER_COUNTER_RINGBUF_DROPS,       /* records lost: ring buffer full */
  EMBER_COUNTER_KERNEL_STACK_ERRORS, /* bpf_get_stack failed for the kernel stack */
  EMBER_COUNTER_USER_STACK_ERRORS,   /* bpf_get_stack failed for the user stack */
  EMBER_COUNTER_TARGETS_FULL,        /* a forked child could not be added: map full */
  EMBER_COUNTER_STACK_COPY_ERRORS,   /* the user stack could not be copied */
  EMBER_COUNTER_BLOCKED_FULL,        /* a switch-out was not tracked: no free off-CPU slot */
  EMBER_COUNTER_SHORT_WAITS_FULL,    /* a short wait was not counted: its map is full */
  EMBER_COUNTER_LOCK_WAITS_FULL,     /* a futex call or kernel lock wait was not tracked */
  EMBER_COUNTER_RUNTIME_TRUNCATED,   /* a runtime stack was deeper than EMBER_MAX_RUNTIME_FRAMES */
  EMBER_COUNTER_RUNTIME_UNREADABLE,  /* a runtime thread's state or frames could not be read */
  EMBER_COUNTER_COUNT
};

/* Off-CPU waits shorter than the minimum are not worth a stack each; they are summed in the
 * kernel per thread and state, so wall-clock totals still add up. */
struct ember_short_wait_key {
  __u32 pid;
  __u32 tid;
  __u32 state; /* enum ember_thread_state */
  __u32 reserved;
};
struct ember_short_wait_total {
  __u64 count;
  __u64 total_ns;
  char comm[EMBER_COMM_LEN];
};
#define EMBER_MAX_SHORT_WAIT_THREADS 16384

/* A target thread off-CPU now: since when, how, and the slot holding its captured sample. */
struct ember_blocked_thread {
  __u64 start_ns; /* CLOCK_MONOTONIC */
  __u32 pid;
  __u32 state; /* enum ember_thread_state */
  __u32 slot;
  __u32 reserved;
  char comm[EMBER_COMM_LEN];
};
#define EMBER_MAX_BLOCKED_THREADS 65536 /* hash capacity; the loader's slot count binds first */

/* A target thread inside a futex call (or waiting for a kernel lock) now. */
struct ember_lock_call {
  __u64 start_ns; /* CLOCK_MONOTONIC */
  __u64 address;  /* futex word, or kernel lock */
  __u32 op;       /* futex command (op without the private and clock flags) */
  __u32 reserved;
};
#define EMBER_MAX_LOCK_CALLS 16384 /* target threads in a futex call at once */

/* One CPU's sampling clock as the loader last set it (on-CPU mode), in an array by CPU. */
struct ember_cpu_clock {
  __u64 period_ns; /* 0 until the first restart: the nominal period */
  __u64 restarted; /* 1 when restarted since the CPU's last sample, which then also stands for
                      the part of the old period that the restart cut short */
};

/* Where a CPython process keeps what the frame walk reads (python_stack.bpf.h), found by user space
 * in the interpreter's binary or libpython and its version's layout, by process. Offsets are in
 * bytes; EMBER_PYTHON_NO_FIELD marks a field this version does not have. */
#define EMBER_PYTHON_NO_FIELD 0xffff
struct ember_python_process {
  __u64 tss_address;      /* the Py_tss_t autoTSSkey: {int initialized; pthread_key_t key} */
  __u64 code_type;        /* &PyCode_Type, to tell a code object from anything else */
  __u32 tls_key_data;     /* libc: fsbase + this + 16 * key holds a key's value (keys < 32) */
  __u16 version;          /* 0x030b: 3.11 */
  __u16 tstate_cframe;    /* PyThreadState.cframe (3.11, 3.12), else EMBER_PYTHON_NO_FIELD */
  __u16 tstate_frame;     /* the current frame: in the cframe when tstate_cframe is set (its
                             current_frame), else in PyThreadState (3.13 current_frame) */
  __u16 frame_code;       /* _PyInterpreterFrame.f_code (3.13: f_executable) */
  __u16 frame_previous;   /* .previous */
  __u16 frame_instr;      /* .prev_instr (3.13: instr_ptr) */
  __u16 frame_is_entry;   /* 3.11 .is_entry, else EMBER_PYTHON_NO_FIELD */
  __u16 frame_owner;      /* .owner */
  __u16 code_argcount;    /* PyCodeObject.co_argcount (int) */
  __u16 code_flags;       /* .co_flags (int) */
  __u16 code_firstlineno; /* .co_firstlineno (int) */
  __u16 code_bytecode;    /* where the instructions begin (PyCode_Type.tp_basicsize) */
  __u8 owner_cstack;      /* owner of the shim frame under each activation (3.12+), or 0xff */
  __u8 reserved[3];
};

/* The check of a frame's code object (struct ember_runtime_frame.check): computed by the walk
 * from the code it reads at the sample, and by user space from the code it reads later. */
static inline __u16 ember_python_code_check(__u32 argcount, __u32 flags, __u32 firstlineno) {
  const __u32 mixed = firstlineno * 31 + argcount * 7 + flags;
  return (__u16)(mixed ^ (mixed >> 16));
}

#ifdef __cplusplus
#define EMBER_ABI_CHECK(type, size) static_assert(sizeof(type) == (size), #type " size changed")
#else
#define EMBER_ABI_CHECK(type, size) _Static_assert(sizeof(type) == (size), #type " size changed")
#endif
EMBER_ABI_CHECK(struct ember_runtime_frame, 16);
EMBER_ABI_CHECK(struct ember_stack_record,
                72 + 2 * 8 * EMBER_MAX_STACK_DEPTH + 8 + 16 * EMBER_MAX_RUNTIME_FRAMES);
EMBER_ABI_CHECK(struct ember_python_process, 48);
EMBER_ABI_CHECK(struct ember_short_wait_key, 16);
EMBER_ABI_CHECK(struct ember_short_wait_total, 32);
EMBER_ABI_CHECK(struct ember_blocked_thread, 40);
EMBER_ABI_CHECK(struct ember_process_record, 16);
EMBER_ABI_CHECK(struct ember_lock_call, 24);
EMBER_ABI_CHECK(struct ember_cpu_clock, 16);
EMBER_ABI_CHECK(struct ember_target_filter, 8);
EMBER_ABI_CHECK(struct ember_stack_copy_record,
                sizeof(struct ember_stack_record) + 8 * EMBER_USER_REGS + 8 + EMBER_STACK_COPY_MAX);

#endif

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
#define EMBER_USER_REGS 17 /* x86-64 DWARF registers 0-16: rax rdx rcx rbx rsi rdi rbp rsp r8-r15 rip */

enum ember_record_kind {
  EMBER_RECORD_STACK = 1, /* a stack sample: struct ember_stack_record */
  EMBER_RECORD_EXEC = 2,  /* a target called exec: struct ember_process_record */
  EMBER_RECORD_FORK = 3,  /* a target forked a new process, now a target too */
  EMBER_RECORD_STACK_COPY = 4, /* a stack sample with registers and a stack copy:
                                  struct ember_stack_copy_record */
};

/* Every record starts with its kind, so one ring buffer carries several record types. */
struct ember_stack_record {
  __u32 kind;
  __u32 pid; /* thread group id */
  __u32 tid;
  __u32 cpu;
  __u64 time_ns; /* CLOCK_MONOTONIC */
  __u64 value;   /* what this sample weighs, in the probe's unit (ns of CPU for cpu) */
  __s32 kernel_stack_bytes; /* bytes filled in kernel_ips, or a negative errno */
  __s32 user_stack_bytes;   /* bytes filled in user_ips, or a negative errno */
  char comm[EMBER_COMM_LEN];
  __u64 kernel_ips[EMBER_MAX_STACK_DEPTH]; /* leaf first */
  __u64 user_ips[EMBER_MAX_STACK_DEPTH];   /* leaf first */
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
  EMBER_COUNTER_COUNT
};

#ifdef __cplusplus
#define EMBER_ABI_CHECK(type, size) static_assert(sizeof(type) == (size), #type " size changed")
#else
#define EMBER_ABI_CHECK(type, size) _Static_assert(sizeof(type) == (size), #type " size changed")
#endif
EMBER_ABI_CHECK(struct ember_stack_record, 56 + 2 * 8 * EMBER_MAX_STACK_DEPTH);
EMBER_ABI_CHECK(struct ember_process_record, 16);
EMBER_ABI_CHECK(struct ember_stack_copy_record,
                sizeof(struct ember_stack_record) + 8 * EMBER_USER_REGS + 8 + EMBER_STACK_COPY_MAX);

#endif

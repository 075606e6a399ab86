/* The CPython processes among the targets, with the layout their frame walk needs
 * (python_stack.bpf.h), filled by user space. Created by process.bpf.c, which forgets a process
 * when it execs; shared with every program that captures stacks. */
#ifndef EMBER_BPF_PYTHON_PROCESSES_H
#define EMBER_BPF_PYTHON_PROCESSES_H

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, EMBER_MAX_TARGETS);
  __type(key, __u32); /* tgid */
  __type(value, struct ember_python_process);
} python_processes SEC(".maps");

#endif

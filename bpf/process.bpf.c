// SPDX-License-Identifier: GPL-2.0
/* Process tracking, loaded for every recording whatever its modes: a target's new process
 * (fork, not thread) becomes a target too, and user space learns of forks and execs to re-read
 * the process's memory maps, and of exits to let go of them: a process that takes the PID of
 * one that exited is another process. This object creates the shared maps (targets.bpf.h). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "ember_abi.h"
#include "targets.bpf.h"
#include "python_processes.bpf.h"

SEC("tp_btf/sched_process_fork")
int BPF_PROG(on_fork, struct task_struct *parent, struct task_struct *child) {
  __u32 parent_pid = BPF_CORE_READ(parent, tgid);
  __u32 child_pid = BPF_CORE_READ(child, tgid);
  if (child_pid == parent_pid || !is_current_target(parent_pid)) return 0;
  __u8 yes = 1;
  if (bpf_map_update_elem(&targets, &child_pid, &yes, BPF_ANY)) {
    count(EMBER_COUNTER_TARGETS_FULL);
    return 0;
  }
  emit_process_record(EMBER_RECORD_FORK, child_pid, parent_pid);
  return 0;
}

SEC("tp_btf/sched_process_exec")
int BPF_PROG(on_exec, struct task_struct *task) {
  __u32 pid = BPF_CORE_READ(task, tgid);
  bpf_map_delete_elem(&python_processes, &pid); /* the new image has its own runtime, if any */
  if (is_current_target(pid)) emit_process_record(EMBER_RECORD_EXEC, pid, 0);
  return 0;
}

/* Every thread exits through here; the process is gone with its last one (signal->live, counted
 * down before this tracepoint). Its PID may be reused from now on: it is a target no more. */
SEC("tp_btf/sched_process_exit")
int BPF_PROG(on_exit, struct task_struct *task) {
  if (BPF_CORE_READ(task, signal, live.counter) != 0) return 0;
  __u32 pid = BPF_CORE_READ(task, tgid);
  bpf_map_delete_elem(&python_processes, &pid);
  if (bpf_map_delete_elem(&targets, &pid) == 0) emit_process_record(EMBER_RECORD_EXIT, pid, 0);
  return 0;
}

/* The dynamic loader calls _dl_debug_state after each change to its list of loaded objects (the
 * debuggers' breakpoint, r_brk): at start-up once the program's libraries are mapped, and at each
 * dlopen and dlclose. User space reads the maps then, while the process surely runs: a
 * short-lived program's samples are often unwound after it exited, from the maps read last. */
SEC("uprobe")
int on_loader_change(struct pt_regs *ctx) {
  __u32 pid = bpf_get_current_pid_tgid() >> 32;
  if (is_current_target(pid)) emit_process_record(EMBER_RECORD_LOADER_CHANGE, pid, 0);
  return 0;
}

char LICENSE[] SEC("license") = "GPL";

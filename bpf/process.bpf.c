// SPDX-License-Identifier: GPL-2.0
/* Process tracking, loaded for every recording whatever its modes: a target's new process
 * (fork, not thread) becomes a target too, and user space learns of forks and execs to re-read
 * the process's memory maps. This object creates the shared maps (targets.bpf.h). */
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

char LICENSE[] SEC("license") = "GPL";

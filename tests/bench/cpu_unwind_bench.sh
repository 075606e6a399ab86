#!/usr/bin/env bash
# CPU profiling cost, ember against perf on the same workload in the same run: the target's
# slowdown (its own wall time under each profiler / alone) and the profiler's own CPU time,
# recording at the same frequency with frame pointers and with DWARF unwinding.
# Not a pass/fail test: it prints a table and writes JSON.
# Usage: cpu_unwind_bench.sh EMBER TARGET [ITERATIONS] [OUT.json]   (needs root)
set -euo pipefail
ember=$1 target=$2 iterations=${3:-400} out=${4:-cpu_unwind_bench.json}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
frequency=99

# Runs one configuration; prints "target_wall_seconds profiler_cpu_seconds".
measure() {
  local name=$1
  shift
  local measured=$work/$name.json times=$work/$name.times
  local start_user start_sys
  TIMEFORMAT='%U %S'
  { time "$@" "$target" 0 "$measured" --iterations "$iterations" >/dev/null 2>&1; } 2>"$times"
  python3 - "$measured" "$times" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
user, system = map(float, open(sys.argv[2]).read().split())
target_cpu = (m["run_direct"] + m["run_qsort"] + m["run_std_sort"]) / 1e9
print(m["wall_seconds"], max(0.0, user + system - target_cpu))
PY
}

declare -A wall cpu
run() {
  local name=$1
  shift
  read -r wall[$name] cpu[$name] < <(measure "$name" "$@")
}

run alone env
run ember_fp "$ember" record -F $frequency --unwind fp -o "$work/fp.pb.gz" --
run ember_dwarf "$ember" record -F $frequency --unwind dwarf -o "$work/dwarf.pb.gz" --
run perf_fp perf record -e cpu-clock -F $frequency -g -o "$work/perf-fp.data" --
run perf_dwarf perf record -e cpu-clock -F $frequency --call-graph dwarf -o "$work/perf-dwarf.data" --
# perf unwinds DWARF stacks when reading them; that is part of its cost.
TIMEFORMAT='%U %S'
{ time perf script -i "$work/perf-dwarf.data" >/dev/null 2>&1; } 2>"$work/script.times"
perf_script_cpu=$(awk '{print $1 + $2}' "$work/script.times")

python3 - "$out" "$perf_script_cpu" <<PY
import json, sys
wall = {$(for k in "${!wall[@]}"; do printf '"%s": %s, ' "$k" "${wall[$k]}"; done)}
cpu = {$(for k in "${!cpu[@]}"; do printf '"%s": %s, ' "$k" "${cpu[$k]}"; done)}
perf_script_cpu = float(sys.argv[2])
rows = []
print(f"{'configuration':<14} {'target wall':>12} {'slowdown':>9} {'profiler CPU':>13}")
for name in ["alone", "ember_fp", "perf_fp", "ember_dwarf", "perf_dwarf"]:
    profiler_cpu = cpu[name] if name != "alone" else 0.0
    if name == "perf_dwarf":
        profiler_cpu += perf_script_cpu
    slowdown = wall[name] / wall["alone"]
    rows.append({"configuration": name, "target_wall_seconds": wall[name],
                 "slowdown": slowdown, "profiler_cpu_seconds": profiler_cpu})
    print(f"{name:<14} {wall[name]:>11.3f}s {slowdown:>8.3f}x {profiler_cpu:>12.3f}s")
print("(perf_dwarf CPU includes 'perf script', where perf does its DWARF unwinding)")
json.dump({"frequency_hz": $frequency, "iterations": $iterations, "results": rows},
          open(sys.argv[1], "w"), indent=2)
PY

#!/usr/bin/env bash
# Off-CPU profiling cost on the worst case, a context switch per hop (two threads ping-ponging a
# byte through pipes): the target's slowdown (its ping-pong time under each profiler / alone)
# and the profiler's own CPU time, ember --mode offcpu (frame pointers and DWARF) against
# libbpf-tools' offcputime on the same workload in the same run; ember also without waker stacks
# (--no-wakers), to show what they cost. Each configuration runs REPEATS times, interleaved, and
# the median is shown (a virtual machine's context switches vary from run to run).
# Not a pass/fail test: it prints a table and writes JSON.
# Usage: offcpu_bench.sh EMBER PINGPONG [ROUNDS] [OUT.json] [REPEATS]   (needs root)
set -euo pipefail
ember=$1 target=$2 rounds=${3:-200000} out=${4:-offcpu_bench.json} repeats=${5:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
offcputime=$(command -v offcputime || echo /usr/sbin/offcputime)

# Runs the target with a profiler attached to it ("$@" with PID replaced by its PID, or nothing);
# prints "ping_pong_seconds profiler_cpu_seconds".
measure() {
  local name=$1
  shift
  exec 3< <("$target" "$rounds")
  local pid
  read -r pid <&3
  local profiler_pid=""
  if [ $# -gt 0 ]; then
    local args=("${@//PID/$pid}")
    ( TIMEFORMAT='%U %S'; time "${args[@]}" >"$work/$name.out" 2>&1 ) 2>"$work/$name.times" &
    profiler_pid=$!
  fi
  local seconds
  read -r seconds <&3
  exec 3<&-
  local cpu=0
  if [ -n "$profiler_pid" ]; then
    # ember stops when its target exits; offcputime runs until interrupted.
    pkill -INT -f "^$offcputime " 2>/dev/null || true
    wait "$profiler_pid" || true
    cpu=$(awk '{print $1 + $2}' "$work/$name.times")
  fi
  echo "$seconds $cpu"
}

# Each run appends "seconds cpu" to the configuration's list.
declare -A seconds cpu
run() {
  local name=$1 s c
  shift
  read -r s c < <(measure "$name" "$@")
  seconds[$name]+="$s," cpu[$name]+="$c,"
}

names="alone ember_offcpu_fp ember_offcpu_fp_no_wakers ember_offcpu_dwarf ember_offcpu_dwarf_no_wakers"
[ -x "$offcputime" ] && names="$names offcputime"
for ((repeat = 0; repeat < repeats; repeat++)); do
  run alone
  run ember_offcpu_fp "$ember" record --mode offcpu --unwind fp --pid PID -o "$work/a.pb.gz"
  run ember_offcpu_fp_no_wakers "$ember" record --mode offcpu --unwind fp --no-wakers --pid PID \
    -o "$work/b.pb.gz"
  run ember_offcpu_dwarf "$ember" record --mode offcpu --unwind dwarf --pid PID -o "$work/c.pb.gz"
  run ember_offcpu_dwarf_no_wakers "$ember" record --mode offcpu --unwind dwarf --no-wakers \
    --pid PID -o "$work/d.pb.gz"
  [ -x "$offcputime" ] && run offcputime "$offcputime" -p PID
done

python3 - "$out" "$rounds" "$repeats" $(for n in $names; do echo "$n ${seconds[$n]} ${cpu[$n]}"; done) <<'PY'
import json, statistics, sys
out, rounds, repeats, fields = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
def median(values):
    return statistics.median(float(v) for v in values.split(",") if v)
rows = [{"configuration": fields[i], "ping_pong_seconds": median(fields[i + 1]),
         "profiler_cpu_seconds": median(fields[i + 2])} for i in range(0, len(fields), 3)]
alone = rows[0]["ping_pong_seconds"]
print(f"{'configuration':<30} {'ping-pong':>10} {'slowdown':>9} {'profiler CPU':>13}")
for row in rows:
    row["slowdown"] = row["ping_pong_seconds"] / alone
    print(f"{row['configuration']:<30} {row['ping_pong_seconds']:>9.3f}s {row['slowdown']:>8.2f}x"
          f" {row['profiler_cpu_seconds']:>12.3f}s")
print(f"({rounds} round trips, {2 * rounds} context switches in the target; median of {repeats})")
json.dump({"rounds": rounds, "repeats": repeats, "results": rows}, open(out, "w"), indent=2)
PY

#!/usr/bin/env bash
# Lock profiling cost on a contended target (four threads handing one mutex back and forth, each
# hand-over a futex wait and a wake, plus a condition variable): the target's slowdown (critical
# sections it completes in the same time alone / under ember) and the profiler's own CPU time,
# ember --mode lock with frame pointers and with DWARF unwinding, in the same run. ember launches
# the target, so the whole run is profiled. Configurations take turns for ROUNDS rounds; the
# table shows each one's median, so a burst of load from elsewhere moves one round, not the table.
# Not a pass/fail test: it prints a table and writes JSON.
# Usage: lock_bench.sh EMBER LOCK_CONTENTION [SECONDS] [OUT.json] [ROUNDS]   (needs root)
set -euo pipefail
ember=$1 target=$2 duration=${3:-5} out=${4:-lock_bench.json} rounds=${5:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs the target under "$@" (a profiler's command line ending in --, or env); prints
# "critical_sections wait_ns profiler_cpu_seconds".
measure() {
  local name=$1
  shift
  local result=$work/$name.result times=$work/$name.times
  TIMEFORMAT='%U %S'
  { time "$@" "$target" "$duration" "$result" >"$work/$name.out" 2>&1; } 2>"$times" ||
    { cat "$work/$name.out" >&2; return 1; }
  # The target reports "wait_ns=N waits=M cpu_ns=C"; the rest of the CPU time is the profiler's.
  python3 - "$result" "$times" <<'PY'
import re, sys
fields = dict(re.findall(r"(\w+)=(\d+)", open(sys.argv[1]).read()))
user, system = map(float, open(sys.argv[2]).read().split())
print(fields["waits"], fields["wait_ns"], max(0.0, user + system - int(fields["cpu_ns"]) / 1e9))
PY
}

# The command line of a configuration, into the array `command`.
command_of() {
  case $1 in
    alone) command=(env) ;;
    ember_lock_fp) command=("$ember" record --mode lock --unwind fp -o "$work/fp.pb.gz" --) ;;
    ember_lock_dwarf) command=("$ember" record --mode lock --unwind dwarf -o "$work/dwarf.pb.gz" --) ;;
  esac
}

names="alone ember_lock_fp ember_lock_dwarf"
measured=()
for ((round = 0; round < rounds; ++round)); do
  for name in $names; do
    command_of "$name"
    row=$(measure "$name" "${command[@]}")
    read -ra fields <<<"$row"
    measured+=("$name" "${fields[@]}")
  done
done

python3 - "$out" "$duration" "$rounds" "${measured[@]}" <<'PY'
import json, statistics, sys
out, duration, rounds, fields = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
runs = {}
for i in range(0, len(fields), 4):
    runs.setdefault(fields[i], []).append(
        (int(fields[i + 1]), int(fields[i + 2]) / 1e9, float(fields[i + 3])))
rows = []
for name, measured in runs.items():
    median = lambda k: statistics.median(run[k] for run in measured)
    rows.append({"configuration": name, "critical_sections": median(0),
                 "lock_wait_seconds": median(1),
                 "profiler_cpu_seconds": median(2) if rows else 0.0,
                 "rounds": [{"critical_sections": s, "lock_wait_seconds": w,
                             "profiler_cpu_seconds": c} for s, w, c in measured]})
alone = rows[0]["critical_sections"]
print(f"{'configuration':<18} {'sections/s':>11} {'slowdown':>9} {'mean wait':>10} {'profiler CPU':>13}")
for row in rows:
    sections = max(row["critical_sections"], 1)
    row["sections_per_second"] = row["critical_sections"] / duration
    row["slowdown"] = alone / sections
    print(f"{row['configuration']:<18} {row['sections_per_second']:>11.1f} {row['slowdown']:>8.2f}x"
          f" {1e3 * row['lock_wait_seconds'] / sections:>8.3f}ms"
          f" {row['profiler_cpu_seconds']:>12.3f}s")
print(f"(median of {rounds} rounds of {duration:g} s; slowdown: critical sections alone / under the"
      " profiler; mean wait: per lock() as the target measured it)")
json.dump({"seconds": duration, "results": rows}, open(out, "w"), indent=2)
PY

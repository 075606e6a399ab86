#!/usr/bin/env bash
# Cost of Python frames: a CPU-bound Python target's slowdown under `ember record` at 99 Hz and
# 999 Hz with Python frames, next to native-only recording of the same interpreter in the same
# run, and the on-CPU BPF program's cost per sample (kernel.bpf_stats_enabled) with and without
# the Python walk. Native-only is Debian's interpreter copied with _PyRuntime renamed in its
# dynamic symbols: it runs the same code, and ember finds no Python state in it.
# Not a pass/fail test: it prints a table and writes JSON.
# Usage: python_bench.sh EMBER [LOOPS] [OUT.json]   (needs root and /usr/bin/python3.11)
set -euo pipefail
ember=$1 loops=${2:-3000000} out=${3:-python_bench.json}
work=$(mktemp -d)
stats_before=$(sysctl -n kernel.bpf_stats_enabled)
trap 'sysctl -qw kernel.bpf_stats_enabled=$stats_before; rm -rf "$work"' EXIT
python=/usr/bin/python3.11
native=$work/python3.11
python3 - "$python" "$native" <<'PY'
import os, sys
data = bytearray(open(sys.argv[1], "rb").read())
at = data.index(b"\0_PyRuntime\0")
data[at + 10] = ord("X")
open(sys.argv[2], "wb").write(data)
os.chmod(sys.argv[2], 0o755)
PY
# Nested Python calls, so each sample walks a few frames; prints its own wall time.
cat >"$work/spin.py" <<'PY'
import sys, time
def leaf(i): return i * i % 7
def middle(i): return leaf(i) + 1
def outer(n):
    total = 0
    for i in range(n):
        total += middle(i)
    return total
start = time.perf_counter()
outer(int(sys.argv[1]))
open(sys.argv[2], "w").write(str(time.perf_counter() - start))
PY

# Prints the target's wall seconds for one configuration: the best of three runs, as other work
# on the machine only ever slows a run down.
wall_of() {
  local name=$1 best=
  shift
  for _ in 1 2 3; do
    "$@" "$work/spin.py" "$loops" "$work/$name.wall" >/dev/null 2>&1
    best=$(python3 -c 'import sys; print(min(float(x) for x in sys.argv[1:] if x))' \
      "$(cat "$work/$name.wall")" $best)
  done
  echo "$best"
}

declare -A wall
for interpreter in python native; do
  binary=$python
  [ $interpreter = native ] && binary=$native
  wall[alone_$interpreter]=$(wall_of alone_$interpreter "$binary")
  for frequency in 99 999; do
    wall[${frequency}_$interpreter]=$(wall_of ${frequency}_$interpreter "$ember" record \
      -F $frequency -o "$work/$interpreter.pb.gz" -- "$binary")
  done
done

# BPF cost per sample: the on-CPU program's run time over its runs while it samples the target.
sysctl -qw kernel.bpf_stats_enabled=1
declare -A per_sample
for interpreter in python native; do
  binary=$python
  [ $interpreter = native ] && binary=$native
  # Loops enough for minutes on any machine: the recording's end (4 s) terminates the target,
  # which must still run when its program's statistics are read.
  "$ember" record -F 999 -d 4s -o "$work/cost.pb.gz" -- "$binary" "$work/spin.py" \
    10000000000 "$work/cost.wall" >/dev/null 2>&1 &
  recorder=$!
  sleep 3
  per_sample[$interpreter]=$(bpftool prog show name on_cpu_sample --json | python3 -c '
import json, sys
progs = json.load(sys.stdin)
progs = progs if isinstance(progs, list) else [progs]
# The newest such program is the one this recorder loaded (others may be profiling too).
progs = [max(progs, key=lambda p: p["id"])] if progs else []
runs = sum(p.get("run_cnt", 0) for p in progs)
print(sum(p.get("run_time_ns", 0) for p in progs) / runs if runs else 0)')
  wait $recorder || true
done

python3 - "$out" <<PY
import json, sys
wall = {$(for k in "${!wall[@]}"; do printf '"%s": %s, ' "$k" "${wall[$k]}"; done)}
per_sample = {$(for k in "${!per_sample[@]}"; do printf '"%s": %s, ' "$k" "${per_sample[$k]}"; done)}
rows = []
print(f"{'recording':<26} {'target wall':>12} {'slowdown':>9}")
for interpreter, label in [("native", "native frames only"), ("python", "with Python frames")]:
    for frequency in ("alone", "99", "999"):
        name = f"{frequency}_{interpreter}"
        slowdown = wall[name] / wall[f"alone_{interpreter}"]
        what = "not recorded" if frequency == "alone" else f"{frequency} Hz, {label}"
        print(f"{what:<26} {wall[name]:>11.3f}s {slowdown:>8.3f}x")
        rows.append({"configuration": name, "target_wall_seconds": wall[name], "slowdown": slowdown})
print(f"on-CPU BPF program per sample: {per_sample['python']:.0f} ns with the Python walk, "
      f"{per_sample['native']:.0f} ns native only")
json.dump({"rows": rows, "bpf_ns_per_sample": per_sample}, open(sys.argv[1], "w"), indent=2)
PY

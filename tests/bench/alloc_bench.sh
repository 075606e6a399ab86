#!/usr/bin/env bash
# Allocation profiling cost on an allocation-heavy target (alloc_split: malloc and free of
# mixed sizes in a tight loop, tens of GB/s): the target's slowdown (the time it spends
# allocating under each configuration / alone, median of ROUNDS interleaved runs) for each way
# ember --mode alloc collects: the default (the preloaded sampler, 512 KiB mean, reports kept
# under 2% of each thread's time, stacks by --unwind auto), the same with frame pointers, the
# sampler without an overhead limit (every pick at 512 KiB reported), the sampler preloaded
# without ember (its own cost: the marker syscalls go unseen), and memory growth (brk, mmap,
# sampled page faults). Picks says how many allocations were sampled.
# With SERVICE (the example service), also a realistic one: the requests per second its
# allocation-heavy endpoint (/alloc: thousands of small strings and map nodes per request)
# serves under wrk for SECONDS, alone and launched by ember --mode alloc (default and fp).
# Not a pass/fail test: tables and JSON.
# Usage: alloc_bench.sh EMBER SAMPLER_LIBRARY ALLOC_SPLIT [MIB] [ROUNDS] [OUT.json]
#                       [SERVICE] [SECONDS]   (needs root; wrk for SERVICE)
set -euo pipefail
ember=$1 sampler=$2 target=$3 mib=${4:-16384} rounds=${5:-3} out=${6:-alloc_bench.json}
service=${7:-} service_seconds=${8:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Prints "SECONDS PICKS": the seconds the target reports for its allocating, and the samples
# ember took (0 without ember); "$@" runs it.
seconds_of() {
  "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; return 1; }
  echo "$(sed -n 's/^seconds=//p' "$work/out") $(grep -o '"samples": [0-9]*' "$work/out" | grep -o '[0-9]*$' || echo 0)"
}

configurations="alone sampler_preloaded_only default fp no_overhead_limit_fp memory_growth"
run() {
  local record=("$ember" record --mode alloc -o "$work/a.pb.gz" --json)
  case $1 in
    alone) seconds_of "$target" "$mib" ;;
    sampler_preloaded_only) seconds_of env LD_PRELOAD="$sampler" "$target" "$mib" ;;
    default) seconds_of "${record[@]}" -- "$target" "$mib" ;;
    fp) seconds_of "${record[@]}" --unwind fp -- "$target" "$mib" ;;
    no_overhead_limit_fp) seconds_of "${record[@]}" --unwind fp --alloc-max-overhead 0 \
      -- "$target" "$mib" ;;
    memory_growth) seconds_of "${record[@]}" --alloc-sample 0 -- "$target" "$mib" ;;
  esac
}

declare -A times picks
for ((round = 0; round < rounds; round++)); do
  for name in $configurations; do
    read -r seconds sampled < <(run "$name")
    times[$name]+="$seconds,"
    picks[$name]+="$sampled,"
  done
done

python3 - "$out" "$mib" $(for n in $configurations; do echo "$n ${times[$n]} ${picks[$n]}"; done) <<'PY'
import json, statistics, sys
out, mib, fields = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
rows = []
for i in range(0, len(fields), 3):
    runs = [float(x) for x in fields[i + 1].split(",") if x]
    picks = [int(x) for x in fields[i + 2].split(",") if x]
    rows.append({"configuration": fields[i], "seconds": statistics.median(runs), "runs": runs,
                 "samples": int(statistics.median(picks))})
alone = rows[0]["seconds"]
print(f"{'configuration':<24} {'allocating':>11} {'slowdown':>9} {'samples':>8}")
for row in rows:
    row["slowdown"] = row["seconds"] / alone
    print(f"{row['configuration']:<24} {row['seconds']:>10.3f}s {row['slowdown']:>8.3f}x"
          f" {row['samples']:>8}")
print(f"({4 * mib} MiB allocated and freed per run; median of {len(rows[0]['runs'])} runs)")
json.dump({"mib": mib, "results": rows}, open(out, "w"), indent=2)
PY

[[ -n $service ]] || exit 0

# Prints the requests per second the service's /alloc endpoint serves under wrk; "$@" is what
# launches the service (its first output line is its port).
service_rps() {
  "$@" "$service" 0 >"$work/service.out" 2>"$work/service.err" &
  local launched=$! port=""
  for _ in $(seq 100); do
    port=$(head -n1 "$work/service.out" | grep -E '^[0-9]+$' || true)
    [[ -n $port ]] && break
    sleep 0.1
  done
  [[ -n $port ]] || { cat "$work/service.err" >&2; kill "$launched"; return 1; }
  wrk -t2 -c8 -d"${service_seconds}s" "http://127.0.0.1:$port/alloc" | awk '/Requests\/sec/ {print $2}'
  kill -TERM "$launched"
  wait "$launched" || true
}

service_configurations="alone default fp"
declare -A rps
for ((round = 0; round < rounds; round++)); do
  for name in $service_configurations; do
    case $name in
      alone) rps[$name]+="$(service_rps env)," ;;
      default) rps[$name]+="$(service_rps "$ember" record --mode alloc -o "$work/s.pb.gz" --)," ;;
      fp) rps[$name]+="$(service_rps "$ember" record --mode alloc --unwind fp -o "$work/s.pb.gz" --)," ;;
    esac
  done
done

python3 - "$out" $(for n in $service_configurations; do echo "$n ${rps[$n]}"; done) <<'PY'
import json, statistics, sys
out, fields = sys.argv[1], sys.argv[2:]
rows = []
for i in range(0, len(fields), 2):
    runs = [float(x) for x in fields[i + 1].split(",") if x]
    rows.append({"configuration": fields[i], "requests_per_second": statistics.median(runs),
                 "runs": runs})
alone = rows[0]["requests_per_second"]
print(f"\n{'service /alloc':<24} {'req/s':>9} {'slowdown':>9}")
for row in rows:
    row["slowdown"] = alone / row["requests_per_second"]
    print(f"{row['configuration']:<24} {row['requests_per_second']:>9.0f} {row['slowdown']:>8.3f}x")
report = json.load(open(out))
report["service"] = rows
json.dump(report, open(out, "w"), indent=2)
PY

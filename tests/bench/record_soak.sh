#!/usr/bin/env bash
# A long `ember record` on the example service under load: ember's RSS must stay flat. Prints
# ember's RSS every INTERVAL seconds, then the curve's start and end and their ratio, and the
# recording's summary line. Not run in CI (it takes MINUTES).
# Use the Release build, as users run it:
#   EMBER_BUILD_DIR=build-release scripts/build -DCMAKE_BUILD_TYPE=Release
#   tests/bench/record_soak.sh build-release/tools/ember build-release/tests/targets/example_service_nofp
# Usage: record_soak.sh EMBER SERVICE [MINUTES=10] [INTERVAL=10] [MODE=cpu]   (needs root, wrk)
set -euo pipefail
ember=$1 service=$2 minutes=${3:-10} interval=${4:-10} mode=${5:-cpu}
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$service" >"$work/port" &
pids+=($!)
service_pid=$!
for _ in $(seq 100); do [[ -s $work/port ]] && break; sleep 0.1; done
port=$(head -1 "$work/port")
[[ $port =~ ^[0-9]+$ ]] || { echo "record_soak: the service printed no port" >&2; exit 1; }
mix=$(dirname "$0")/../targets/example_service_mix.lua
wrk -t2 -c16 -d"$((minutes * 60 + 60))s" -s "$mix" "http://127.0.0.1:$port" >"$work/wrk" 2>&1 &
pids+=($!)

"$ember" record --pid "$service_pid" --mode "$mode" --duration "${minutes}m" \
  -o "$work/soak.pb.gz" >"$work/summary" 2>"$work/err" &
ember_pid=$!
pids+=("$ember_pid")

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || true; }
curve=()
echo "ember record --mode $mode for $minutes min on the example service under wrk; RSS KiB:"
while kill -0 "$ember_pid" 2>/dev/null; do
  rss=$(rss_kib "$ember_pid")
  if [[ -n $rss ]]; then
    curve+=("$rss")
    printf '  %4d s  %8d\n' "$(((${#curve[@]} - 1) * interval))" "$rss"
  fi
  sleep "$interval"
done
status=0
wait "$ember_pid" || status=$?
if ((status != 0)); then
  echo "record_soak: ember record failed ($status): $(tail -3 "$work/err")" >&2
  exit 1
fi
# The first reading is during start-up (symbol tables not loaded yet): the curve starts at the
# second, once ember is in its steady state, and ends at the last reading of the recording
# itself; after the duration ember symbolizes and writes its outputs, reported apart.
recording=$((minutes * 60 / interval))
((${#curve[@]} > recording && recording >= 3)) || { echo "record_soak: too few RSS readings" >&2; exit 1; }
python3 - "$interval" "$recording" "${curve[@]}" <<'PY'
import sys
interval, recording, *curve = map(int, sys.argv[1:])
start, end = curve[1], curve[recording - 1]
minutes = (recording - 2) * interval / 60
print(f"RSS start {start} KiB ({interval} s), end {end} KiB ({(recording - 1) * interval} s): "
      f"end/start {end / start:.3f}, {(end - start) / minutes:.0f} KiB per minute; "
      f"peak while writing the outputs {max(curve[recording:])} KiB")
PY
grep -m1 -iE "samples" "$work/summary" || true

#!/usr/bin/env bash
# A/B performance gate for CI: builds the base revision and the change, puts each under a short
# wrk load while `ember record` profiles it (RUNS times, base and change taking turns so that
# drift on the machine hits both alike), then lets `ember diff` decide: exit 0 within budget,
# 1 when a budget is exceeded (the offending functions are listed), 2 when the comparison failed.
#
# Copy this file into the service's repository and set, in the environment:
#   SERVER_CMD      starts the service in the foreground, relative to the source tree, e.g.
#                   "./build/server --port 8080" (required)
#   BUILD_CMD       builds the service in the source tree (default: make)
#   URL             what wrk loads (default: http://127.0.0.1:8080/)
#   BASE_REF        the revision to compare against (default: origin/main)
#   RUNS            profiled runs per side (default: 3; the gate ignores changes within the
#                   spread between runs, so use 3 or more)
#   LOAD_SECONDS    profiled seconds per run (default: 10), after WARMUP_SECONDS (default: 3)
#   WRK_ARGS        load shape (default: -t2 -c32)
#   DIFF_ARGS       the budgets (default: --max-regression 2), e.g.
#                   "--fail-if 'share(json::.*) > +2pts' --max-regression 3"
#   OUT             where profiles and reports go (default: ember-ab)
# Needs git, wrk, curl, ember, and root (or CAP_BPF, CAP_PERFMON and CAP_SYS_PTRACE) for recording.
set -euo pipefail

: "${SERVER_CMD:?set SERVER_CMD to the command that starts the service}"
BUILD_CMD=${BUILD_CMD:-make}
URL=${URL:-http://127.0.0.1:8080/}
BASE_REF=${BASE_REF:-origin/main}
RUNS=${RUNS:-3}
LOAD_SECONDS=${LOAD_SECONDS:-10}
WARMUP_SECONDS=${WARMUP_SECONDS:-3}
WRK_ARGS=${WRK_ARGS:--t2 -c32}
DIFF_ARGS=${DIFF_ARGS:---max-regression 2}
OUT=${OUT:-ember-ab}

for tool in git wrk curl ember; do
  command -v "$tool" >/dev/null || { echo "ember_ab_gate: $tool is not installed" >&2; exit 2; }
done

change_dir=$(pwd)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
base_dir="$OUT/base-src"
server_pid=""

cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  git -C "$change_dir" worktree remove --force "$base_dir" 2>/dev/null || true
}
trap cleanup EXIT

echo "== building the base ($BASE_REF) and the change"
git -C "$change_dir" worktree add --force --detach "$base_dir" "$BASE_REF" >/dev/null
(cd "$base_dir" && eval "$BUILD_CMD")
(cd "$change_dir" && eval "$BUILD_CMD")

# profile_run SOURCE_DIR OUTPUT: starts the service, warms it up, records it under load, stops it.
profile_run() {
  (cd "$1" && exec bash -c "exec $SERVER_CMD") &
  server_pid=$!
  for _ in $(seq 100); do
    curl -s -o /dev/null "$URL" && break
    kill -0 "$server_pid" 2>/dev/null || { echo "ember_ab_gate: the service exited" >&2; exit 2; }
    sleep 0.1
  done
  # shellcheck disable=SC2086  # WRK_ARGS holds several arguments
  wrk $WRK_ARGS -d "${WARMUP_SECONDS}s" "$URL" >/dev/null
  ember record --pid "$server_pid" --duration "${LOAD_SECONDS}s" -o "$2" >/dev/null &
  local recorder=$!
  # shellcheck disable=SC2086
  wrk $WRK_ARGS -d "${LOAD_SECONDS}s" "$URL" | grep -E 'Requests/sec|Latency' || true
  wait "$recorder"
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}

base_runs="" new_runs=""
for run in $(seq "$RUNS"); do
  echo "== run $run of $RUNS: base"
  profile_run "$base_dir" "$OUT/base-$run.pb.gz"
  echo "== run $run of $RUNS: change"
  profile_run "$change_dir" "$OUT/new-$run.pb.gz"
  base_runs+="${base_runs:+,}$OUT/base-$run.pb.gz"
  new_runs+="${new_runs:+,}$OUT/new-$run.pb.gz"
done

echo "== ember diff (the gate)"
status=0
# eval: DIFF_ARGS holds quoted budgets; the file lists are expanded by eval itself, unsplit.
eval 'ember diff --base "$base_runs" --new "$new_runs" -o "$OUT/diff.html" -o "$OUT/diff.pb.gz"' \
  "$DIFF_ARGS" || status=$?
echo "Diff flame graph: $OUT/diff.html; new minus base for go tool pprof: $OUT/diff.pb.gz"
exit "$status"

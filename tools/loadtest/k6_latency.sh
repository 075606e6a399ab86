#!/bin/sh
# Runs a k6 test and then posts every request's latency to an emberd session, so the session's
# timeline draws p50/p95/p99 per second and can diff its slow seconds against the rest:
#   EMBER_SESSION=3 [EMBER_SERVER=http://127.0.0.1:7070] [EMBER_TOKEN=...] \
#     k6_latency.sh k6_markers.js [more k6 run arguments]
# A k6 script cannot do this itself: handleSummary() sees only the run's aggregates (avg, p90,
# p95...), not the requests, and a VU's requests stay in that VU. So k6 writes each request's
# http_req_duration with --out json, and this posts those lines once k6 has exited. Exits with
# k6's status.
set -u
: "${EMBER_SESSION:?set EMBER_SESSION to the emberd session id}"
server=${EMBER_SERVER:-http://127.0.0.1:7070}
points=$(mktemp "${TMPDIR:-/tmp}/k6-points.XXXXXX") || exit 1
trap 'rm -f "$points" "$points.duration"' EXIT

k6 run --out "json=$points" "$@"
status=$?

# Only the request durations: the other metrics would make the file many times larger than the
# 32 MiB emberd takes.
grep '"metric":"http_req_duration"' "$points" | grep '"type":"Point"' >"$points.duration"
# --retry: emberd answers 503 while it reads two other large uploads. No "Expect: 100-continue"
# (curl's for large bodies): emberd does not answer it, and curl would wait a second.
set -- -sS --retry 5 -X POST -H 'X-Ember: 1' -H 'Content-Type: application/x-ndjson' -H 'Expect:' \
  --data-binary "@$points.duration" -w '\n%{http_code}'
url=$server/api/sessions/$EMBER_SESSION/latency
# The token goes in on standard input, not on a command line that other users may read.
if [ -n "${EMBER_TOKEN:-}" ]; then
  answer=$(printf 'Authorization: Bearer %s\n' "$EMBER_TOKEN" | curl "$@" -H @- "$url")
else
  answer=$(curl "$@" "$url")
fi
case "$answer" in
  *201) echo "ember: posted the latencies of $(wc -l <"$points.duration") requests" >&2 ;;
  *) echo "ember: the latencies were not taken: $answer" >&2 ;;
esac
exit "$status"

"""emberd's side of a Locust run, for any locustfile: `import ember_locust` (this file beside
it) posts a marker when the test starts and stops, and when it stops every request's latency,
so the session's timeline draws p50/p95/p99 per second and can diff its slow seconds against
the rest. `ember_locust.mark(label)` posts a marker of your own (locust_markers.py does at each
stage of its load shape).

Environment: EMBER_SESSION (the emberd session id; without it nothing is posted), EMBER_SERVER
(default http://127.0.0.1:7070), EMBER_TOKEN (when emberd runs with --token-file).

The latencies are each request's, as Locust measured it, posted as the plain CSV
`unix_time_seconds,latency_ms`: Locust's own --csv history holds percentiles over its last
seconds (a spike shows for several), and is flushed only every few seconds. Run Locust as one
process: in a distributed run each worker would post its own requests, and each post replaces
the one before.
"""
import json
import os
import time
import urllib.error
import urllib.request

from locust import events

EMBER_SERVER = os.environ.get("EMBER_SERVER", "http://127.0.0.1:7070")
EMBER_SESSION = os.environ.get("EMBER_SESSION")
# emberd takes latency files up to 32 MiB: about a million of these rows.
MAX_REQUESTS = 1_000_000


def post(path, body, content_type):
    """POSTs to the session; the answer's status and body (0 and the error when unreachable).
    A 503 (emberd reads two other large uploads) is tried again, a few times."""
    request = urllib.request.Request(
        f"{EMBER_SERVER}/api/sessions/{EMBER_SESSION}/{path}", data=body, method="POST",
        headers={"Content-Type": content_type, "X-Ember": "1"})
    if os.environ.get("EMBER_TOKEN"):
        request.add_header("Authorization", "Bearer " + os.environ["EMBER_TOKEN"])
    for attempt in range(5):
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            if error.code != 503 or attempt == 4:
                return error.code, error.read().decode()
            time.sleep(1)
        except OSError as error:  # never fail the load test over emberd
            return 0, str(error)


def mark(label):
    if not EMBER_SESSION:
        return
    body = json.dumps({"label": label, "time_nanos": time.time_ns()}).encode()
    status, answer = post("markers", body, "application/json")
    if status != 201:
        print(f"ember marker '{label}': {status} {answer}")


requests = []  # (Unix seconds when sent, latency ms)


@events.request.add_listener
def on_request(response_time, start_time=None, **kwargs):
    if len(requests) < MAX_REQUESTS:
        requests.append((start_time or time.time() - response_time / 1000, response_time))


def post_latencies():
    if not EMBER_SESSION or not requests:
        return
    if len(requests) == MAX_REQUESTS:
        print(f"ember latencies: only the first {MAX_REQUESTS} requests are posted")
    rows = "".join(f"{sent:.6f},{ms:.3f}\n" for sent, ms in requests)
    status, answer = post("latency", ("unix_time_seconds,latency_ms\n" + rows).encode(), "text/csv")
    if status != 201:
        print(f"ember latencies: {status} {answer}")


@events.test_start.add_listener
def on_test_start(environment, **kwargs):
    requests.clear()
    mark("locust start")


@events.test_stop.add_listener
def on_test_stop(environment, **kwargs):
    mark("locust end")
    post_latencies()

"""Locust load test that posts phase markers to an emberd session.

    EMBER_SESSION=3 locust -f locust_markers.py --host http://127.0.0.1:8080 --headless

Environment: EMBER_SESSION (required for markers), EMBER_SERVER (default
http://127.0.0.1:7070), EMBER_TOKEN (when emberd runs with --token-file). Markers are posted
when the test starts and stops, and at each stage change of the load shape below (delete the
shape class to drive users from the command line instead).
"""
import json
import os
import time
import urllib.request

from locust import HttpUser, LoadTestShape, between, events, task

EMBER_SERVER = os.environ.get("EMBER_SERVER", "http://127.0.0.1:7070")
EMBER_SESSION = os.environ.get("EMBER_SESSION")


def mark(label):
    if not EMBER_SESSION:
        return
    body = json.dumps({"label": label, "time_nanos": time.time_ns()}).encode()
    request = urllib.request.Request(
        f"{EMBER_SERVER}/api/sessions/{EMBER_SESSION}/markers", data=body, method="POST",
        headers={"Content-Type": "application/json", "X-Ember": "1"})
    if os.environ.get("EMBER_TOKEN"):
        request.add_header("Authorization", "Bearer " + os.environ["EMBER_TOKEN"])
    try:
        urllib.request.urlopen(request, timeout=5).close()
    except OSError as error:  # never fail the load test over a marker
        print(f"ember marker '{label}': {error}")


@events.test_start.add_listener
def on_test_start(environment, **kwargs):
    mark("locust start")


@events.test_stop.add_listener
def on_test_stop(environment, **kwargs):
    mark("locust end")


class StagesWithMarkers(LoadTestShape):
    stages = [  # (ends at second, users, spawn rate, name)
        (30, 20, 5, "ramp-up"),
        (90, 20, 5, "steady"),
        (110, 100, 50, "spike"),
        (130, 0, 20, "ramp-down"),
    ]
    current = None

    def tick(self):
        elapsed = self.get_run_time()
        for end, users, rate, name in self.stages:
            if elapsed < end:
                if name != self.current:
                    self.current = name
                    mark(name)
                return users, rate
        return None


class ApiUser(HttpUser):
    wait_time = between(0.05, 0.2)

    @task
    def index(self):
        self.client.get("/")

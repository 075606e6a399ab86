"""Locust load test that posts phase markers to an emberd session, and at the end of the run
every request's latency (ember_locust.py, beside it, does the posting).

    EMBER_SESSION=3 locust -f locust_markers.py --host http://127.0.0.1:8080 --headless

Environment: EMBER_SESSION (required), EMBER_SERVER (default http://127.0.0.1:7070),
EMBER_TOKEN (when emberd runs with --token-file). Markers are posted when the test starts and
stops, and at each stage change of the load shape below (delete the shape class to drive users
from the command line instead).
"""
from locust import HttpUser, LoadTestShape, between, task

from ember_locust import mark


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

# Locust users for the latency tests: each sends GET / back to back (no wait between requests),
# as hey -c does.
from locust import HttpUser, constant, task


class BackToBack(HttpUser):
    wait_time = constant(0)

    @task
    def lookup(self):
        self.client.get("/")

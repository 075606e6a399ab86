"""A Python target that allocates from known functions: churn_two and churn_one build the same
short-lived lists (pymalloc's allocations, and the collections that container objects trigger)
for 2 and 1 units of thread CPU time in turn; compute, 1 unit, does arithmetic on small ints
(below 256, cached by CPython: no allocation). So the allocator & GC view charges its time to churn_two
and churn_one, 2:1, and never to compute.

Usage: alloc_churn.py SECONDS. Prints its PID, then runs SECONDS (0: until killed).
"""
import os
import sys
import time

UNIT = 0.005  # seconds of thread CPU time


def churn_two():
    end = time.thread_time() + 2 * UNIT
    while time.thread_time() < end:
        rows = []
        for i in range(200):
            rows.append([i, i])


def churn_one():
    end = time.thread_time() + UNIT
    while time.thread_time() < end:
        rows = []
        for i in range(200):
            rows.append([i, i])


def compute():
    end = time.thread_time() + UNIT
    value = 0
    while time.thread_time() < end:
        i = 0
        while i < 100:  # no range object: nothing allocated
            value = (value + i) & 127  # below 256: CPython's cached small ints
            i += 1


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 0
    print(os.getpid(), flush=True)
    stop = time.monotonic() + seconds
    while seconds == 0 or time.monotonic() < stop:
        churn_two()
        churn_one()
        compute()


main()

"""A CPU-bound Python target with a known split: two threads each run pure-Python functions in the
ratio 3:2:1 (heavy, medium, light) plus a share in C called from Python (checksums: zlib and
hashlib on large buffers, which release the GIL). Each thread measures its own CPU time per
function with time.thread_time(), the truth a profile is checked against.

Usage: cpu_split.py SECONDS TRUTH_FILE
Prints its PID, runs SECONDS, then writes TRUTH_FILE: one line per function, "NAME SECONDS".
"""
import hashlib
import os
import sys
import threading
import time
import zlib

UNIT = 20000  # loop iterations per unit of work
BUFFER = os.urandom(1 << 18)


def spin(units):
    total = 0
    for i in range(units * UNIT):
        total += i * i % 7
    return total


def heavy():
    return spin(3)


def medium():
    return spin(2)


def light():
    return spin(1)


def checksums():
    zlib.crc32(BUFFER)
    return hashlib.sha256(BUFFER).digest()


FUNCTIONS = [heavy, medium, light, checksums]


class Worker:
    def __init__(self):
        self.spent = {f.__name__: 0.0 for f in FUNCTIONS}

    def run(self, deadline):
        while time.monotonic() < deadline:
            for function in FUNCTIONS:
                start = time.thread_time()
                function()
                self.spent[function.__name__] += time.thread_time() - start


def main():
    seconds, truth_file = float(sys.argv[1]), sys.argv[2]
    print(os.getpid(), flush=True)
    deadline = time.monotonic() + seconds
    workers = [Worker() for _ in range(2)]
    threads = [threading.Thread(target=w.run, args=(deadline,), name=f"worker{i}")
               for i, w in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with open(truth_file, "w") as out:
        for function in FUNCTIONS:
            name = function.__name__
            out.write(f"{name} {sum(w.spent[name] for w in workers):.6f}\n")


if __name__ == "__main__":
    main()

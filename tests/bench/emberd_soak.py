#!/usr/bin/env python3
"""emberd soak: many sessions and many hostile requests against one daemon.

- Sessions (default 1,000), several at once, in mixed modes: launched commands that exit on
  their own (short_lived, ~0.3 s), sessions on a long-running target (cpu_split) in cpu,
  cpu+offcpu and lock modes, sessions on a target killed before the session's duration ends
  (offcpu_threads), some stopped early through the API, some with markers.
- Hostile requests (default 10,000), each on its own connection: malformed and hostile JSON,
  huge headers and bodies, unknown routes and methods, bad `seconds=`, `pid=`, ids and
  windows, invalid UTF-8 and percent escapes, bytes that are no HTTP at all; meanwhile a few
  dozen slow clients trickle bytes into half-sent requests.

It checks that emberd answers every request (a 4xx for each hostile one, never a 5xx, never a
crash), that its RSS and open file descriptors come back to their level once the sessions end
(it prints both figures), and that nothing it stored is lost: every session it still keeps
serves the very profile it served when it ended, and its markers.

Levels: "start" is emberd idle; "baseline" is after a warm-up of more sessions than emberd
keeps (its store full, so the steady state); "end" is after everything. File descriptors must
come back to the baseline (not one more). RSS in the steady state moves as sessions come and
go; it is read after every tenth of the sessions, and at the end it may exceed the highest
reading of the first half by at most one kept session's share of the store ((baseline - start)
/ 32): a leak grows with the sessions of the second half, the steady state does not.

Usage: emberd_soak.py --emberd PATH --targets DIR [--sessions 1000] [--hostile 10000]
       [--parallel 6] [--smoke]
Needs root (sessions load eBPF programs).
"""
import argparse
import hashlib
import http.client
import json
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor


# What emberd keeps: its store's max_kept.
KEPT_SESSIONS = 32


class SoakError(Exception):
    pass


class Emberd:
    def __init__(self, path):
        self.process = subprocess.Popen([path, "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            raise SoakError(f"emberd did not start: {line!r} {self.process.stderr.read()}")
        self.port = int(match.group(1))

    def request(self, method, target, body=None, timeout=60):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            headers = {"Content-Type": "application/json"} if body is not None else {}
            if method in ("POST", "DELETE"):
                headers["X-Ember"] = "1"  # what emberd asks of clients that change state
            connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def json(self, method, target, body=None):
        status, data = self.request(method, target, None if body is None else json.dumps(body))
        return status, json.loads(data) if data else None

    def alive(self):
        if self.process.poll() is not None:
            raise SoakError(f"emberd exited with {self.process.returncode}: "
                            f"{self.process.stderr.read()[-2000:]}")
        status, _ = self.request("GET", "/api/sessions")
        if status != 200:
            raise SoakError(f"GET /api/sessions answered {status}")

    def rss_kib(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise SoakError("no VmRSS")

    def fds(self):
        return len(os.listdir(f"/proc/{self.process.pid}/fd"))

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise SoakError("emberd did not stop within 30 s of SIGTERM")


def start_target(path, *args):
    process = subprocess.Popen([path, *map(str, args)], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline().strip()
    if not line.isdigit():
        process.kill()
        raise SoakError(f"{path} printed {line!r} instead of its PID")
    return process


class Sessions:
    """Runs the sessions; remembers the digest of each one's profiles when it ended."""

    def __init__(self, emberd, targets):
        self.emberd = emberd
        self.targets = targets
        self.shared = start_target(os.path.join(targets, "cpu_split_fp"), 0, 2)
        self.lock = threading.Lock()
        self.ended = {}      # id -> (modes, {mode: digest}, markers)
        self.refused = 0     # starts refused because emberd was full (429/503): retried
        self.counts = {}

    def close(self):
        self.shared.kill()
        self.shared.wait()

    def wait_ended(self, session_id, limit=60):
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            status, session = self.emberd.json("GET", f"/api/sessions/{session_id}")
            if status != 200:
                raise SoakError(f"session {session_id} vanished while running ({status})")
            if session["state"] != "running":
                return session
            time.sleep(0.05)
        raise SoakError(f"session {session_id} still running after {limit} s")

    def start(self, body):
        while True:
            status, answer = self.emberd.json("POST", "/api/sessions", body)
            if status == 201:
                return answer["id"]
            if status in (429, 503):  # every running slot taken: wait for one
                with self.lock:
                    self.refused += 1
                time.sleep(0.1)
                continue
            raise SoakError(f"POST /api/sessions {json.dumps(body)} answered {status}: {answer}")

    def run_one(self, index):
        kind = index % 5
        victim = None
        if kind == 0:    # a launched command that exits after ~0.3 s, long before its duration
            body = {"command": [os.path.join(self.targets, "short_lived_fp")], "modes": ["cpu"],
                    "duration_seconds": 30}
        elif kind == 1:  # the long-running target, cpu and off-CPU
            body = {"pids": [self.shared.pid], "modes": ["cpu", "offcpu"], "duration_seconds": 1}
        elif kind == 2:  # a target that exits (killed) before the session's duration
            victim = start_target(os.path.join(self.targets, "offcpu_threads_fp"), 30)
            body = {"pids": [victim.pid], "modes": ["offcpu"], "duration_seconds": 30}
        elif kind == 3:  # lock mode, stopped early through the API
            body = {"pids": [self.shared.pid], "modes": ["lock"], "duration_seconds": 30}
        else:            # cpu with markers
            body = {"pids": [self.shared.pid], "modes": ["cpu"], "duration_seconds": 1,
                    "name": f"soak {index} \u00e9"}
        session_id = self.start(body)
        markers = []
        if kind == 4:
            for label in ("ramp-up", "steady"):
                status, _ = self.emberd.json("POST", f"/api/sessions/{session_id}/markers",
                                             {"label": label})
                if status not in (200, 201):
                    raise SoakError(f"marker on session {session_id} answered {status}")
                markers.append(label)
        if victim is not None:
            time.sleep(0.3)
            victim.kill()
            victim.wait()
        if kind == 3:
            time.sleep(0.3)
            status, _ = self.emberd.json("POST", f"/api/sessions/{session_id}/stop")
            if status != 200:
                raise SoakError(f"stopping session {session_id} answered {status}")
        session = self.wait_ended(session_id)
        if session["state"] != "finished":
            raise SoakError(f"session {session_id} ({json.dumps(body)}) failed: {session['error']}")
        digests = {mode: self.digest(session_id, mode) for mode in session["modes"]}
        with self.lock:
            self.ended[session_id] = (session["modes"], digests, markers)
            self.counts[kind] = self.counts.get(kind, 0) + 1

    def digest(self, session_id, mode):
        status, data = self.emberd.request("GET",
                                           f"/api/sessions/{session_id}/profile?mode={mode}")
        if status != 200:
            raise SoakError(f"profile {mode} of session {session_id} answered {status}")
        return hashlib.sha256(data).hexdigest()

    def run(self, first, count, parallel):
        with ThreadPoolExecutor(parallel) as pool:
            for future in [pool.submit(self.run_one, i) for i in range(first, first + count)]:
                future.result()

    def check_kept(self):
        """Every session emberd still keeps serves what it served when it ended."""
        status, kept = self.emberd.json("GET", "/api/sessions")
        if status != 200 or not kept:
            raise SoakError(f"GET /api/sessions answered {status} with {kept!r}")
        for session in kept:
            modes, digests, markers = self.ended[session["id"]]
            if [m["label"] for m in session["markers"]] != markers:
                raise SoakError(f"session {session['id']} lost markers: {session['markers']}")
            for mode in modes:
                if self.digest(session["id"], mode) != digests[mode]:
                    raise SoakError(f"session {session['id']}'s {mode} profile changed")
        return len(kept)


def hostile_requests(count, seed):
    """(name, bytes) pairs of malformed or hostile requests."""
    rng = random.Random(seed)
    host = b"Host: 127.0.0.1\r\n"

    def get(target, extra=b""):
        return b"GET " + target + b" HTTP/1.1\r\n" + host + extra + b"\r\n"

    def post(target, body, extra=b""):
        return (b"POST " + target + b" HTTP/1.1\r\n" + host + b"Content-Type: application/json\r\n"
                + b"X-Ember: 1\r\n"
                + b"Content-Length: %d\r\n" % len(body) + extra + b"\r\n" + body)

    bad_json = [b"{", b"[]", b"null", b'{"pids": "1"}', b'{"pids": [-1]}', b'{"pids": [1e99]}',
                b'{"pids": []}', b'{"command": []}', b'{"pids": [1], "modes": ["nope"]}',
                b'{"pids": [1], "duration_seconds": -5}', b'{"pids": [1], "frequency_hz": 0}',
                b'{"pids": [1], "name": "\xff\xfe"}', b'{"pids": [1], "modes": "cpu"}',
                b'{"a": ' * 2000 + b"1" + b"}" * 2000, b'"' + b"x" * 100000 + b'"',
                b'{"pids": [1], "command": ["/bin/true"]}', b"\x00\x01\x02"]
    bad_seconds = [b"-1", b"0", b"abc", b"1e3", b"99999999999999999999", b"%zz", b"", b"1.5",
                   b"3600000"]
    makers = [
        ("bad json", lambda: post(b"/api/sessions", rng.choice(bad_json))),
        ("bad marker", lambda: post(b"/api/sessions/1/markers", rng.choice(bad_json))),
        ("bad seconds", lambda: get(b"/debug/pprof/profile?pid=1&seconds=" + rng.choice(bad_seconds))),
        ("bad pid", lambda: get(b"/debug/pprof/profile?seconds=1&pid="
                                + rng.choice([b"0", b"-1", b"x", b"4194305", b"", b"%2d1"]))),
        ("unknown route", lambda: get(b"/api/" + bytes(rng.choice(b"abcdefxyz/") for _ in range(12)))),
        ("unknown session", lambda: get(b"/api/sessions/" + rng.choice([b"999999", b"0", b"-1",
                                        b"..", b"%2e%2e", b"1%00", b"x" * 300]) + b"/profile")),
        ("bad window", lambda: get(b"/api/sessions/1/profile?from=" + rng.choice(bad_seconds)
                                   + b"&to=" + rng.choice(bad_seconds))),
        ("bad method", lambda: rng.choice([b"PUT", b"PATCH", b"TRACE", b"BREW", b"DELETE"])
         + b" /api/sessions HTTP/1.1\r\n" + host + b"\r\n"),
        ("huge header", lambda: get(b"/api/sessions", b"X-Big: " + b"a" * rng.choice([20000, 70000])
                                    + b"\r\n")),
        ("many headers", lambda: get(b"/metrics", b"".join(b"X-%d: y\r\n" % i for i in range(2000)))),
        ("huge body", lambda: b"POST /api/sessions HTTP/1.1\r\n" + host
         + b"Content-Length: 50000000\r\n\r\n" + b"{" * 4096),
        ("bad escapes", lambda: get(b"/api/sessions?x=%" + bytes([rng.randrange(256)]) + b"&y=%G1")),
        ("invalid utf-8", lambda: get(b"/api/sessions/\xff\xfe/profile?mode=\xc0\xaf")),
        ("not http", lambda: bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))),
        ("bad version", lambda: b"GET / HTTP/9.9\r\n" + host + b"\r\n"),
        ("bad chunks", lambda: b"POST /api/sessions HTTP/1.1\r\n" + host
         + b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"),
        ("long path", lambda: get(b"/" + b"a/" * 20000)),
    ]
    for i in range(count):
        name, make = makers[i % len(makers)]
        yield name, make()


def send_hostile(port, data):
    """Sends DATA on a new connection; returns the status emberd answered, 0 if it closed."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        try:
            connection.sendall(data)
            connection.shutdown(socket.SHUT_WR)
        except (BrokenPipeError, ConnectionResetError):
            pass  # emberd answered (e.g. 431) and closed before reading it all
        reply = b""
        try:
            while len(reply) < 64:
                chunk = connection.recv(4096)
                if not chunk:
                    break
                reply += chunk
        except ConnectionResetError:
            pass
    match = re.match(rb"HTTP/1\.[01] (\d{3})", reply)
    return int(match.group(1)) if match else 0


def slow_clients(port, count, stop):
    """COUNT connections that send a request one byte at a time until STOP is set."""
    sockets = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        sockets.append(s)
    request = b"GET /api/sessions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"s" * 100000
    position = 0
    while not stop.is_set() and position < len(request):
        for s in sockets:
            try:
                s.send(request[position:position + 1])
            except OSError:
                pass  # emberd closed it (its read timeout): fine
        position += 1
        stop.wait(0.2)
    for s in sockets:
        s.close()


def hostile_phase(emberd, count, parallel):
    stop = threading.Event()
    trickle = threading.Thread(target=slow_clients, args=(emberd.port, 32, stop))
    trickle.start()
    statuses = {}
    by_kind = {}
    try:
        requests = list(hostile_requests(count, seed=21))
        with ThreadPoolExecutor(parallel) as pool:
            results = pool.map(lambda r: (r[0], send_hostile(emberd.port, r[1])), requests)
            for i, (name, status) in enumerate(results):
                statuses[status] = statuses.get(status, 0) + 1
                by_kind.setdefault(name, {}).setdefault(status, 0)
                by_kind[name][status] += 1
                if status >= 500 or 200 <= status < 300:
                    raise SoakError(f"hostile request '{name}' answered {status}: "
                                    f"{requests[i][1][:200]!r}")
                if i % 1000 == 999:
                    emberd.alive()  # still answering normal requests, slow clients and all
    finally:
        stop.set()
        trickle.join()
    return statuses, by_kind


def settle(read, baseline, limit=10):
    """READ() once it is at most BASELINE, or its value after LIMIT seconds."""
    deadline = time.monotonic() + limit
    value = read()
    while value > baseline and time.monotonic() < deadline:
        time.sleep(0.2)
        value = read()
    return value


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emberd", required=True)
    parser.add_argument("--targets", required=True, help="directory of the built test targets")
    parser.add_argument("--sessions", type=int, default=1000)
    parser.add_argument("--hostile", type=int, default=10000)
    parser.add_argument("--parallel", type=int, default=6, help="sessions at once (emberd runs 8)")
    parser.add_argument("--smoke", action="store_true", help="a short run, to check the soak")
    args = parser.parse_args()
    # More sessions than emberd keeps before the baseline, so it is the steady state.
    warmup = KEPT_SESSIONS + 4
    if args.smoke:
        args.sessions, args.hostile = warmup + 10, 1000
    if args.sessions <= warmup:
        parser.error(f"--sessions must exceed the warm-up of {warmup}")
    emberd = Emberd(args.emberd)
    sessions = None
    try:
        sessions = Sessions(emberd, args.targets)
        emberd.alive()
        start = (emberd.rss_kib(), emberd.fds())
        began = time.monotonic()
        sessions.run(0, warmup, args.parallel)
        time.sleep(1)  # the last connections closed on emberd's side too
        baseline = (emberd.rss_kib(), emberd.fds())
        statuses, by_kind = hostile_phase(emberd, args.hostile // 2, 16)
        readings = []
        remaining = args.sessions - warmup
        for chunk in range(10):
            first = warmup + remaining * chunk // 10
            sessions.run(first, warmup + remaining * (chunk + 1) // 10 - first, args.parallel)
            readings.append(emberd.rss_kib())
        more_statuses, _ = hostile_phase(emberd, args.hostile - args.hostile // 2, 16)
        for status, n in more_statuses.items():
            statuses[status] = statuses.get(status, 0) + n
        emberd.alive()
        kept = sessions.check_kept()
        end_fds = settle(emberd.fds, baseline[1])
        end = (emberd.rss_kib(), end_fds)
        elapsed = time.monotonic() - began

        print(f"emberd soak: {args.sessions} sessions ({len(sessions.ended)} ended, kinds "
              f"{dict(sorted(sessions.counts.items()))}, {sessions.refused} starts refused while "
              f"full and retried) and {args.hostile} hostile requests in {elapsed:.0f} s")
        print("hostile answers by status: " + ", ".join(
            f"{s or 'closed'}: {n}" for s, n in sorted(statuses.items())))
        print(f"RSS KiB:  start {start[0]}  baseline {baseline[0]}  end {end[0]}  (every tenth "
              f"of the sessions: {' '.join(map(str, readings))})")
        print(f"open fds: start {start[1]}  baseline {baseline[1]}  end {end[1]}")
        print(f"kept sessions: {kept}, every profile and marker as served when it ended")
        if end[1] > baseline[1]:
            raise SoakError(f"open file descriptors: {end[1]} at the end, {baseline[1]} at the "
                            "baseline")
        per_session = max(baseline[0] - start[0], 0) // KEPT_SESSIONS
        first_half = max(readings[:5])
        if end[0] > first_half + per_session:
            raise SoakError(f"RSS grew to {end[0]} KiB, more than one kept session's share "
                            f"({per_session} KiB) above the first half's highest, {first_half} KiB")
        emberd.alive()
    except SoakError as error:
        print(f"emberd soak: {error}", file=sys.stderr)
        return 1
    finally:
        if sessions:
            sessions.close()
        emberd.stop()
    print("emberd soak: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

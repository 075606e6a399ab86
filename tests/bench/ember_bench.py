#!/usr/bin/env python3
"""ember's benchmark suite: every figure is measured side by side in this one invocation.

- Target slowdown: the example service's throughput under wrk alone, under ember in each mode,
  and under `perf record` (frame pointers and DWARF) at the same frequency.
- Profiler cost: the profiler's own CPU time and peak RSS over the same run.
- Output: samples/s, lost samples, profile size (pprof vs perf.data), time from the stop
  signal to the outputs written, and CPU time to turn the output into a top table.
- Symbolization: frames per second, cold and warm (tests/bench/symbolize_bench.cpp).
- Accuracy: on cpu_split (a known 3:2:1 CPU split), the error in percentage points.

Not a pass/fail timing test: it prints tables and writes JSON. It does check that its report
is complete and well-formed, and fails otherwise (the CTest smoke run relies on that).
Modes this build of ember rejects as not available are reported as n/a.

Usage: ember_bench.py [--build DIR] [--seconds 10] [--rounds 3] [--json OUT] [--smoke]
Needs root, wrk and perf (scripts/setup installs them).
"""
import argparse
import json
import math
import os
import re
import select
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WRK_SCRIPT = Path(__file__).resolve().parent.parent / "targets" / "example_service_mix.lua"
EXPECTED_SPLIT = {"work_three": 3 / 6, "work_two": 2 / 6, "work_one": 1 / 6}
REJECTED = re.compile(r"not available|not supported", re.IGNORECASE)

# (name, profiler, arguments); perf always samples cpu-clock (hardware cycles may not exist).
CONFIGURATIONS = [
    ("alone", None, []),
    ("ember cpu fp", "ember", ["--mode", "cpu", "--unwind", "fp"]),
    ("ember cpu dwarf", "ember", ["--mode", "cpu", "--unwind", "dwarf"]),
    ("ember offcpu", "ember", ["--mode", "offcpu"]),
    ("ember lock", "ember", ["--mode", "lock"]),
    ("ember alloc", "ember", ["--mode", "alloc"]),
    ("ember all", "ember", ["--mode", "all"]),
    ("perf -g", "perf", ["-g"]),
    ("perf dwarf", "perf", ["--call-graph", "dwarf"]),
]
# Configurations that must always run; the others may be n/a until their mode exists.
REQUIRED = {"alone", "ember cpu fp", "ember cpu dwarf", "perf -g", "perf dwarf"}


class BenchError(Exception):
    pass


def read_line(stream, timeout):
    ready, _, _ = select.select([stream], [], [], timeout)
    if not ready:
        raise BenchError(f"no output within {timeout} s")
    return stream.readline().strip()


class Service:
    """The example service on a free port, stopped on exit."""

    def __init__(self, binary):
        self.process = subprocess.Popen([binary, "0"], stdout=subprocess.PIPE, text=True)
        self.port = int(read_line(self.process.stdout, 10))
        self.pid = self.process.pid

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.process.kill()
        self.process.wait()


def process_cpu_seconds(pid):
    """User + system time of all threads of `pid`, dead ones included."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_wrk(service, seconds):
    """The endpoint mix for `seconds`: requests per second, and the service's CPU time per
    request in µs (steadier than throughput when other work shares the machine)."""
    cpu_before = process_cpu_seconds(service.pid)
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "-s", str(WRK_SCRIPT),
         f"http://127.0.0.1:{service.port}"], capture_output=True, text=True, check=True).stdout
    cpu = process_cpu_seconds(service.pid) - cpu_before
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    requests = re.search(r"(\d+) requests in", out)
    if not rate or not requests or int(requests.group(1)) == 0:
        raise BenchError("wrk completed no requests:\n" + out)
    return {"requests_per_second": float(rate.group(1)),
            "target_cpu_us_per_request": 1e6 * cpu / int(requests.group(1))}


def wait_with_usage(process):
    """Waits for `process`; answers (exit status, CPU seconds, peak RSS in MiB)."""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def cpu_seconds_of(command):
    """CPU time of running `command` to completion, its output discarded."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    status, cpu, _ = wait_with_usage(process)
    if status != 0:
        raise BenchError(f"{command[0]} {command[1]} failed with status {status}")
    return cpu


def profiler_command(tools, profiler, arguments, pid, work):
    if profiler == "ember":
        return [tools.ember, "record", "--pid", str(pid), "-F", str(tools.frequency), "--json",
                "--output-dir", str(work)] + arguments
    return ["perf", "record", "-e", "cpu-clock", "-F", str(tools.frequency), "-p", str(pid),
            "-o", str(work / "perf.data")] + arguments


def output_figures(tools, profiler, work, stdout, stderr):
    """Samples, lost samples, output size and report CPU of one recording."""
    if profiler == "ember":
        stats = json.loads(stdout)["stats"]
        pprofs = sorted(work.glob("*.pb.gz"))
        return {"samples": stats.get("samples", 0), "lost_samples": stats.get("lost_samples", 0),
                "output_bytes": sum(p.stat().st_size for p in pprofs),
                "report_cpu_seconds": cpu_seconds_of([tools.ember, "report", str(pprofs[0])])}
    data = work / "perf.data"
    captured = re.search(r"\((\d+) samples\)", stderr)
    if not captured:
        raise BenchError("perf record printed no sample count:\n" + stderr)
    stats = subprocess.run(["perf", "report", "--stats", "-i", str(data)],
                           capture_output=True, text=True).stdout
    lost = re.search(r"LOST events:\s+(\d+)", stats)
    report = ["perf", "report", "--stdio", "--no-children", "--sort", "sym", "-i", str(data)]
    return {"samples": int(captured.group(1)), "lost_samples": int(lost.group(1)) if lost else 0,
            "output_bytes": data.stat().st_size, "report_cpu_seconds": cpu_seconds_of(report)}


def measure(tools, name, profiler, arguments, seconds):
    """One configuration: a fresh service, the profiler attached, wrk for `seconds`."""
    with Service(tools.service) as service, tempfile.TemporaryDirectory() as work_dir:
        if profiler is None:
            return {"status": "ok", **run_wrk(service, seconds)}
        work = Path(work_dir)
        out, err = work / "stdout", work / "stderr"
        launched = time.monotonic()
        with open(out, "w") as stdout, open(err, "w") as stderr:
            process = subprocess.Popen(
                profiler_command(tools, profiler, arguments, service.pid, work),
                stdout=stdout, stderr=stderr)
        try:
            time.sleep(tools.attach_seconds)  # both profilers get the same time to attach
            if process.poll() is not None:
                message = err.read_text().strip()
                # A mode still being built may refuse some targets too; its reason is shown.
                if REJECTED.search(message) or name not in REQUIRED:
                    return {"status": "n/a", "reason": (message or "no message").splitlines()[-1]}
                raise BenchError(f"{name}: the profiler exited with {process.returncode}: "
                                 f"{message}")
            load = run_wrk(service, seconds)
            stop = time.monotonic()
            process.send_signal(signal.SIGINT)
            status, cpu, rss = wait_with_usage(process)
        finally:
            if process.returncode is None:  # wrk failed: leave no profiler behind
                process.kill()
                process.wait()
        finish = time.monotonic() - stop
        # perf ends by re-raising SIGINT once its file is written.
        if status != 0 and not (profiler == "perf" and status in (-signal.SIGINT, 130)):
            raise BenchError(f"{name}: the profiler failed ({status}): {err.read_text().strip()}")
        row = {"status": "ok", **load, "profiler_cpu_seconds": cpu,
               "profiler_peak_rss_mib": rss, "seconds_to_write_outputs": finish}
        row.update(output_figures(tools, profiler, work, out.read_text(), err.read_text()))
        row["samples_per_second"] = row["samples"] / (stop - launched)
        return row


def median_row(rows):
    if any(row["status"] != "ok" for row in rows):
        return next(row for row in rows if row["status"] != "ok")
    merged = {"status": "ok"}
    for key in rows[0]:
        if key != "status":
            merged[key] = statistics.median(row[key] for row in rows)
    return merged


def slowdown(tools, seconds, rounds):
    """Every configuration, `rounds` times interleaved (so load drifts hit all alike)."""
    rows = {name: [] for name, _, _ in CONFIGURATIONS}
    for round_index in range(rounds):
        for name, profiler, arguments in CONFIGURATIONS:
            print(f"  round {round_index + 1}/{rounds}: {name}", file=sys.stderr, flush=True)
            rows[name].append(measure(tools, name, profiler, arguments, seconds))
    results = {name: median_row(measured) for name, measured in rows.items()}
    alone = results["alone"]
    for row in results.values():
        if row["status"] == "ok":
            row["throughput_vs_alone"] = row["requests_per_second"] / alone["requests_per_second"]
            row["cpu_per_request_vs_alone"] = (row["target_cpu_us_per_request"] /
                                               alone["target_cpu_us_per_request"])
    return results


def perf_flat_shares(data):
    report = subprocess.run(["perf", "report", "--stdio", "--no-children", "--sort", "sym",
                             "-i", str(data)], capture_output=True, text=True, check=True).stdout
    shares = {}
    for percent, function in re.findall(r"([\d.]+)%\s+\[\.\]\s+(work_\w+)", report):
        shares[function] = shares.get(function, 0) + float(percent)
    return shares


def ember_shares(report):
    # ember shows spin(), inlined into each work_ function, as its own frame: the work_
    # functions' cumulative values are what perf counts as their self time.
    return {row["function"]: row["cum"] for row in report["cum"]
            if row["function"] in EXPECTED_SPLIT}


def split_error(shares):
    """Largest deviation from 3:2:1 among the three functions, in percentage points."""
    total = sum(shares.get(f, 0) for f in EXPECTED_SPLIT)
    if total <= 0:
        raise BenchError("no samples in work_three/work_two/work_one")
    measured = {f: 100 * shares.get(f, 0) / total for f in EXPECTED_SPLIT}
    error = max(abs(measured[f] - 100 * EXPECTED_SPLIT[f]) for f in EXPECTED_SPLIT)
    return {"shares_percent": measured, "max_error_points": error}


def accuracy(tools, seconds, frequency):
    target = [tools.cpu_split, str(seconds), "2"]
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        subprocess.run([tools.ember, "record", "-F", str(frequency), "-o",
                        str(work / "cpu.pb.gz"), "--"] + target, capture_output=True, check=True)
        ember = subprocess.run([tools.ember, "report", "--json", "--top", "50", str(work / "cpu.pb.gz")],
                               capture_output=True, text=True, check=True)
        subprocess.run(["perf", "record", "-e", "cpu-clock", "-F", str(frequency), "-g", "-o",
                        str(work / "perf.data"), "--"] + target, capture_output=True, check=True)
        return {"frequency_hz": frequency, "seconds": seconds,
                "ember": split_error(ember_shares(json.loads(ember.stdout))),
                "perf": split_error(perf_flat_shares(work / "perf.data"))}


def symbolization(tools, stacks):
    out = subprocess.run([tools.symbolize_bench, str(stacks)], capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out)


# (heading, key in a row, format): the columns of the slowdown table.
COLUMNS = [
    ("req/s", "requests_per_second", ".0f"),
    ("vs alone", "throughput_vs_alone", ".3f"),
    ("CPU µs/req", "target_cpu_us_per_request", ".0f"),
    ("vs alone", "cpu_per_request_vs_alone", ".3f"),
    ("prof CPU s", "profiler_cpu_seconds", ".2f"),
    ("RSS MiB", "profiler_peak_rss_mib", ".1f"),
    ("samples/s", "samples_per_second", ".0f"),
    ("lost", "lost_samples", ".0f"),
    ("output KiB", "output_kib", ".0f"),
    ("write s", "seconds_to_write_outputs", ".2f"),
    ("report CPU s", "report_cpu_seconds", ".2f"),
]


def print_report(report):
    print(f"Example service under wrk ({report['seconds']} s per run, median of "
          f"{report['rounds']}), profilers at {report['frequency_hz']} Hz")
    print(f"{'configuration':<16}" + "".join(f" {heading:>10}" for heading, _, _ in COLUMNS))
    for name, row in report["slowdown"].items():
        if row["status"] != "ok":
            print(f"{name:<16} n/a ({row['reason']})")
            continue
        row = dict(row, output_kib=row["output_bytes"] / 1024) if "output_bytes" in row else row
        print(f"{name:<16}" + "".join(
            f" {format(row[key], spec) if key in row else '':>10}" for _, key, spec in COLUMNS))
    print("CPU µs/req: the service's own CPU time per request; write s: from the stop signal to "
          "the outputs written;\nreport CPU s: turning the output into a top table (ember report, "
          "perf report)")
    sym = report["symbolization"]
    print(f"\nSymbolization of {sym['frames']} frames ({sym['stacks']} stacks, "
          f"{sym['modules']} binaries): cold {sym['cold_frames_per_second']:.0f} frames/s "
          f"({sym['cold_seconds']:.3f} s), warm {sym['warm_frames_per_second']:.0f} frames/s "
          f"({sym['warm_seconds']:.3f} s)")
    acc = report["accuracy"]
    print(f"\nAccuracy on cpu_split (3:2:1 = 50/33.3/16.7 %), {acc['seconds']} s at "
          f"{acc['frequency_hz']} Hz:")
    for profiler in ("ember", "perf"):
        shares = acc[profiler]["shares_percent"]
        print(f"  {profiler:<5} " + " ".join(f"{f} {shares[f]:.1f}%" for f in EXPECTED_SPLIT) +
              f"  max error {acc[profiler]['max_error_points']:.2f} points")


def check_well_formed(report):
    """Raises BenchError when a figure is missing or impossible (not a timing check)."""
    def finite(value, what):
        if not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
            raise BenchError(f"{what} is {value!r}, not a finite non-negative number")

    for name, _, _ in CONFIGURATIONS:
        row = report["slowdown"].get(name)
        if row is None or row["status"] not in ("ok", "n/a"):
            raise BenchError(f"configuration '{name}' is missing")
        if row["status"] == "n/a":
            if name in REQUIRED:
                raise BenchError(f"'{name}' did not run: {row['reason']}")
            continue
        for key, value in row.items():
            if key != "status":
                finite(value, f"{name} {key}")
        if row["requests_per_second"] <= 0:
            raise BenchError(f"{name}: no requests completed")
        # A mode may count its samples under another name; the required ones must have some.
        if name in REQUIRED and name != "alone" and row["samples"] <= 0:
            raise BenchError(f"{name}: no samples recorded")
    sym = report["symbolization"]
    for key in ("frames", "cold_frames_per_second", "warm_frames_per_second"):
        finite(sym[key], f"symbolization {key}")
        if sym[key] <= 0:
            raise BenchError(f"symbolization {key} is 0")
    for profiler in ("ember", "perf"):
        result = report["accuracy"][profiler]
        finite(result["max_error_points"], f"{profiler} accuracy error")
        if abs(sum(result["shares_percent"].values()) - 100) > 0.01:
            raise BenchError(f"{profiler} accuracy shares do not add up to 100%")


class Tools:
    def __init__(self, build, frequency, attach_seconds):
        self.ember = str(build / "tools" / "ember")
        self.service = str(build / "tests" / "targets" / "example_service_nofp")
        self.cpu_split = str(build / "tests" / "targets" / "cpu_split_nofp")
        self.symbolize_bench = str(build / "tests" / "bench" / "symbolize_bench")
        self.frequency = frequency
        self.attach_seconds = attach_seconds
        for path in (self.ember, self.service, self.cpu_split, self.symbolize_bench):
            if not os.access(path, os.X_OK):
                raise BenchError(f"{path} is missing: build first (scripts/build)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build", help="ember's build directory")
    parser.add_argument("--seconds", type=int, default=10, help="wrk run per configuration")
    parser.add_argument("--rounds", type=int, default=3, help="runs per configuration (median)")
    parser.add_argument("--frequency", type=int, default=99, help="sampling frequency, Hz")
    parser.add_argument("--json", default="ember_bench.json", help="where to write the report")
    parser.add_argument("--smoke", action="store_true", help="short runs, to check the suite")
    args = parser.parse_args()
    if args.smoke:
        args.seconds, args.rounds = 2, 1
    try:
        tools = Tools(Path(args.build), args.frequency, 1.0 if args.smoke else 1.5)
        report = {"seconds": args.seconds, "rounds": args.rounds, "frequency_hz": args.frequency,
                  "kernel": os.uname().release, "cpus": os.cpu_count(),
                  "slowdown": slowdown(tools, args.seconds, args.rounds),
                  "symbolization": symbolization(tools, 512 if args.smoke else 8192),
                  "accuracy": accuracy(tools, 2 if args.smoke else 10, 499)}
        print_report(report)
        check_well_formed(report)
    except (BenchError, subprocess.CalledProcessError, OSError) as error:
        detail = getattr(error, "stderr", None)
        print(f"ember_bench: {error}" + (f"\n{detail}" if detail else ""), file=sys.stderr)
        return 1
    with open(args.json, "w") as out:
        json.dump(report, out, indent=2)
    print(f"\nWrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

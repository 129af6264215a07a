"""A short, bounded loopback load test of `eventfeed serve`.

Starts `eventfeed serve` on 127.0.0.1 (a free port) in its own process, sends a fixed number of
requests from a few threads over keep-alive connections (the agenda page, the calendar, the
feeds; every fourth one conditional, answered 304), and prints the figures. Exits 1 on any
error (a refused connection, an unexpected status, a short body) or when the requests do not
finish within the time limit.

    .venv/bin/python benchmarks/load_serve.py                       # 2,000 requests, 4 threads
    .venv/bin/python benchmarks/load_serve.py --requests 10000 --threads 8 --max-seconds 60
"""

from __future__ import annotations

import argparse
import http.client
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PATHS = ("/", "/calendar.ics", "/rss.xml", "/atom.xml", "/events.json")


@dataclass
class Figures:
    sent: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0


def start_server(paths: list[str]) -> tuple[subprocess.Popen[str], str]:
    """`eventfeed serve PATHS --port 0` in a new process; the process and its base URL."""
    command = [
        sys.executable, "-c", "from feeds.cli import main; main()", "serve", *paths,
        "--host", "127.0.0.1", "--port", "0", "--now", "2025-12-15T00:00:00+00:00",
    ]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    line = process.stderr.readline()
    match = re.search(r"at (http://127\.0\.0\.1:(\d+)/)", line)
    if not match:
        stop_server(process)
        raise SystemExit(f"eventfeed serve did not start: {line.strip()}")
    # Drain the rest of stderr (uvicorn's log) so the server never blocks on a full pipe.
    threading.Thread(target=process.stderr.read, daemon=True).start()
    return process, match.group(1)


def stop_server(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def load(port: int, requests: int, threads: int, max_seconds: float) -> Figures:
    """Send `requests` requests from `threads` threads; stop early at `max_seconds`."""
    figures = Figures()
    lock = threading.Lock()
    counter = iter(range(requests))
    deadline = time.monotonic() + max_seconds
    etags: dict[str, str] = {}

    def worker() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            while time.monotonic() < deadline:
                with lock:
                    n = next(counter, None)
                if n is None:
                    return
                path = PATHS[n % len(PATHS)]
                headers = {}
                if n % 4 == 3 and path in etags:
                    headers["If-None-Match"] = etags[path]
                began = time.perf_counter()
                try:
                    connection.request("GET", path, headers=headers)
                    response = connection.getresponse()
                    body = response.read()
                    status = response.status
                    problem = None
                    if status not in (200, 304) or (headers and status != 304):
                        problem = f"GET {path}: {status}"
                    elif status == 200 and len(body) != int(response.getheader("content-length")):
                        problem = f"GET {path}: short body"
                    elif status == 200:
                        etags[path] = response.getheader("etag") or ""
                except (OSError, http.client.HTTPException) as error:
                    status, problem = 0, f"GET {path}: {error!r}"
                    connection.close()
                    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                elapsed = time.perf_counter() - began
                with lock:
                    figures.sent += 1
                    figures.latencies.append(elapsed)
                    figures.statuses[status] = figures.statuses.get(status, 0) + 1
                    if problem:
                        figures.errors.append(problem)
        finally:
            connection.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    figures.seconds = time.perf_counter() - started
    return figures


def report(figures: Figures, requests: int, threads: int) -> str:
    ms = sorted(x * 1000 for x in figures.latencies) or [0.0]

    def pct(p: float) -> float:
        return ms[min(len(ms) - 1, int(p / 100 * len(ms)))]

    statuses = ", ".join(f"{code}: {n}" for code, n in sorted(figures.statuses.items()))
    return "\n".join(
        [
            f"requests: {figures.sent}/{requests} over {threads} threads "
            f"in {figures.seconds:.2f} s ({figures.sent / max(figures.seconds, 1e-9):.0f}/s)",
            f"statuses: {statuses}",
            f"latency ms: p50 {pct(50):.2f}, p95 {pct(95):.2f}, p99 {pct(99):.2f}, "
            f"max {ms[-1]:.2f}, mean {statistics.fmean(ms):.2f}",
            f"errors: {len(figures.errors)}",
            *(f"  {e}" for e in figures.errors[:10]),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=["seeds"], help="posts to serve (seeds)")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--max-seconds", type=float, default=20.0)
    args = parser.parse_args(argv)
    process, base = start_server(args.paths)
    try:
        port = int(base.rsplit(":", 1)[1].strip("/"))
        figures = load(port, args.requests, args.threads, args.max_seconds)
    finally:
        stop_server(process)
    print(report(figures, args.requests, args.threads))
    if figures.sent < args.requests:
        print(f"incomplete: only {figures.sent} requests within {args.max_seconds:g} s")
        return 1
    return 1 if figures.errors else 0


if __name__ == "__main__":
    sys.exit(main())

"""HTTP load test: gunicorn (several workers) on PostgreSQL and Redis, driven by wrk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python -m benchmarks.load

Serves the benchmark database (made by `benchmarks.auth --keep`, or by `python -m
benchmarks`) with gunicorn on 127.0.0.1 only, and runs wrk against it for each variant
(no authentication, PAT, PAT with the Redis rate limit), one after the other, each for
`--duration` seconds. Every PAT request carries a token drawn at random from a sample of
real ones. The rate limits are raised for these runs; a last short run with the default
limits and one token shows the 429s appear. Every run is bounded in time, and the server
is stopped by its PID.
"""

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from .common import require_postgres

HOST = "127.0.0.1"
PORT = 8401
FLOOR = "no auth (floor)"
ROUND_TRIP = "floor + one bare `SELECT 1` round trip"
PAT = "PAT (auth + TeamAccessPermission)"
PAT_THROTTLE = "PAT + throttle (Redis)"
VARIANTS = {
    FLOOR: ("/bench/floor", None),
    ROUND_TRIP: ("/bench/select-one", None),
    PAT: ("/bench/pat", "pat"),
    PAT_THROTTLE: ("/bench/pat-throttle", "pat"),
}
# Issue 11, goal 3: req/s of each row to the one-round-trip row's (and to the floor's).
GOALS = ((PAT, ROUND_TRIP, 0.95), (PAT_THROTTLE, ROUND_TRIP, 0.90), (PAT, FLOOR, 0.80))

_WRK_SCRIPT = """
local codes = {%(codes)s}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) ok = 0; s4xx = 0; s429 = 0; s5xx = 0 end
function request()
  local headers = {}
  if #codes > 0 then
    headers["Authorization"] = "Bearer " .. codes[math.random(#codes)]
  end
  return wrk.format("GET", wrk.path, headers)
end
function response(status, headers, body)
  if status >= 500 then s5xx = s5xx + 1
  elseif status == 429 then s429 = s429 + 1
  elseif status >= 400 then s4xx = s4xx + 1
  else ok = ok + 1 end
end
function done(summary, latency, requests)
  local t = {ok = 0, s4xx = 0, s429 = 0, s5xx = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(t) do t[name] = t[name] + thread:get(name) end
  end
  io.write(string.format(
    "RESULT requests=%%d duration_us=%%d p50_us=%%d p99_us=%%d connect=%%d read=%%d " ..
    "write=%%d timeout=%%d ok=%%d s4xx=%%d s429=%%d s5xx=%%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout,
    t.ok, t.s4xx, t.s429, t.s5xx))
end
"""


class Server:
    """gunicorn on 127.0.0.1:PORT with the benchmark settings; stopped by its PID."""

    def __init__(self, *, db_name: str, team_id: int, workers: int, threads: int, env=None):
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115
            prefix="bench-gunicorn-", suffix=".log", delete=False
        )
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
            "BENCH_DB_NAME": db_name,
            "BENCH_TEAM_ID": str(team_id),
            **(env or {}),
        }
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "config.wsgi:application",
                f"--bind={HOST}:{PORT}",
                f"--workers={workers}",
                "--worker-class=gthread",
                f"--threads={threads}",
                "--keep-alive=5",
                "--log-level=warning",
                "--graceful-timeout=5",
            ],
            env=environment,
            cwd=Path(__file__).resolve().parent.parent,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self, path: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited early; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"http://{HOST}:{PORT}{path}", timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.3)
        raise SystemExit(f"gunicorn did not answer on {HOST}:{PORT} in {timeout:.0f} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # the master, by its PID
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # its own session only
                self.process.wait(timeout=5)
        self.log.close()

    def errors(self) -> list[str]:
        text = Path(self.log.name).read_text(errors="replace")
        return [line for line in text.splitlines() if "Traceback" in line or "ERROR" in line]


def wrk(*, path: str, codes: list[str], duration: int, connections: int, threads: int) -> dict:
    script = tempfile.NamedTemporaryFile(  # noqa: SIM115
        "w", prefix="bench-wrk-", suffix=".lua", delete=False
    )
    with script:
        script.write(_WRK_SCRIPT % {"codes": ", ".join(json.dumps(code) for code in codes)})
    try:
        completed = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout=10s",
                f"-s{script.name}",
                f"http://{HOST}:{PORT}{path}",
            ],
            capture_output=True,
            text=True,
            timeout=duration + 60,
            check=True,
        )
    finally:
        os.unlink(script.name)
    match = re.search(r"^RESULT (.*)$", completed.stdout, re.MULTILINE)
    if match is None:
        raise SystemExit(f"wrk printed no result:\n{completed.stdout}\n{completed.stderr}")
    result = {key: int(value) for key, value in (f.split("=") for f in match.group(1).split())}
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


# What wrk counts (summed over rounds).
_COUNTED = ("requests", "duration_us", "connect", "read", "write", "timeout", "ok", "s4xx")
_COUNTED = (*_COUNTED, "s429", "s5xx")


def _combine(rounds: list[dict]) -> dict:
    """One variant's rounds as one result: counts summed, and the median round's req/s, p50
    and p99 (wrk's histograms cannot be merged from its summary)."""
    total = {key: sum(r[key] for r in rounds) for key in _COUNTED}
    # The median round's req/s: one round disturbed by something else on the machine (a
    # checkpoint, another process) moves the median far less than it moves the mean.
    total["rps"] = statistics.median(r["rps"] for r in rounds)
    for key in ("p50_us", "p99_us"):
        total[key] = statistics.median(r[key] for r in rounds)
    total["rps_rounds"] = [r["rps"] for r in rounds]
    return total


def _row(label: str, result: dict, floor_rps: float, round_trip_rps: float) -> str:
    errors = result["connect"] + result["read"] + result["write"] + result["timeout"]
    per_round = " / ".join(f"{rps:.0f}" for rps in result["rps_rounds"])
    return (
        f"| {label} | {result['requests']:,} | {result['rps']:.0f} ({per_round}) | "
        f"{result['rps'] / floor_rps:.2f} | **{result['rps'] / round_trip_rps:.2f}** | "
        f"{result['p50_us'] / 1000:.1f} | {result['p99_us'] / 1000:.1f} | {result['s5xx']} | "
        f"{errors} | {result['s4xx'] + result['s429']} |"
    )


def _codes(data: dict, kind: str | None) -> list[str]:
    return data["codes"][kind] if kind else []


def run(
    *,
    db_name: str,
    data: dict,
    duration: int,
    connections: int,
    workers: int,
    threads: int,
    rounds: int = 3,
    out=sys.stdout,
) -> bool:
    """Run every variant, then the default-limits check; True when nothing failed."""
    if shutil.which("wrk") is None:
        raise SystemExit("The load test needs wrk: apt-get install -y wrk")
    healthy = True
    server = Server(db_name=db_name, team_id=data["team_id"], workers=workers, threads=threads)
    try:
        server.wait_ready("/bench/floor")
        labels = list(VARIANTS)
        for label in labels:  # warm every worker's connections and caches
            path, kind = VARIANTS[label]
            wrk(path=path, codes=_codes(data, kind), duration=2, connections=connections, threads=2)
        # Interleaved rounds, the order turned each round, so that whatever else the machine
        # does weighs on every variant alike.
        by_label = {label: [] for label in labels}
        for n in range(rounds):
            for label in labels[n % len(labels) :] + labels[: n % len(labels)]:
                path, kind = VARIANTS[label]
                result = wrk(
                    path=path,
                    codes=_codes(data, kind),
                    duration=max(1, duration // rounds),
                    connections=connections,
                    threads=2,
                )
                by_label[label].append(result)
                out.write(f"  round {n + 1}, {label}: {result['rps']:.0f} req/s\n")
                out.flush()
        results = {label: _combine(by_label[label]) for label in labels}
        errors = server.errors()
    finally:
        server.stop()
    floor_rps = results[FLOOR]["rps"]
    round_trip_rps = results[ROUND_TRIP]["rps"]
    out.write(
        f"\ngunicorn {workers} workers x {threads} threads (gthread), wrk 2 threads, "
        f"{connections} connections, {rounds} interleaved rounds of "
        f"{max(1, duration // rounds)} s per variant, rate limits raised\n\n"
        "| variant | requests | req/s, median round (each round) | vs floor | "
        "vs one round trip | p50 ms | p99 ms | 5xx | connection errors | 4xx |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n"
    )
    for label, result in results.items():
        out.write(_row(label, result, floor_rps, round_trip_rps) + "\n")
        if result["s5xx"] or result["s4xx"] or result["s429"] or result["connect"]:
            healthy = False
    out.write("\n")
    for label, base, goal in GOALS:
        ratio = results[label]["rps"] / results[base]["rps"]
        verdict = "met" if ratio >= goal else "NOT met"
        out.write(f"Goal: {label} >= {goal:.2f}x {base}: {ratio:.2f}x, {verdict}\n")
    if errors:
        healthy = False
        out.write(f"\nserver errors logged: {len(errors)} (first: {errors[0]})\n")

    # The default limits: one token, as fast as it goes: 429s must appear, 5xx never.
    server = Server(
        db_name=db_name,
        team_id=data["team_id"],
        workers=workers,
        threads=threads,
        env={"PAT_BURST_CALLS": "50", "PAT_BUCKET_SIZE": "5000"},
    )
    try:
        server.wait_ready("/bench/floor")
        limited = wrk(
            path="/bench/pat-throttle",
            codes=data["codes"]["pat"][-1:],
            duration=10,
            connections=connections,
            threads=2,
        )
    finally:
        server.stop()
    out.write(
        "\nDefault limits (50 per 2 s, bucket 5,000), one token, 10 s: "
        f"{limited['requests']:,} requests, {limited['ok']:,} allowed, "
        f"{limited['s429']:,} refused with 429, {limited['s5xx']} 5xx, "
        f"{limited['connect'] + limited['read'] + limited['write']} connection errors\n"
    )
    if limited["s429"] == 0 or limited["s5xx"]:
        healthy = False
    return healthy


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="teamstack_bench_auth")
    parser.add_argument("--duration", type=int, default=30, help="seconds per variant")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    require_postgres()
    state = Path(f"/tmp/{args.db}.json")
    if not state.exists():
        raise SystemExit(f"No data ({state}): run `python -m benchmarks.auth --keep` first")
    data = json.loads(state.read_text())
    ok = run(
        db_name=args.db,
        data=data,
        duration=args.duration,
        connections=args.connections,
        workers=args.workers,
        threads=args.threads,
        rounds=args.rounds,
    )
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()

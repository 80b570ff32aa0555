"""In-process authentication benchmark: one view, each authentication, interleaved rounds.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python -m benchmarks.auth

Requests go through Django's full WSGI handler (middleware, DRF, rendering) in this
process; only the network between client and server is left out (the load test has it).
Variants run in rounds (A B C D …, the starting variant rotating each round) so that drift
on a shared machine hits all of them alike. Each run reports, per variant, the queries per
request, the median and p95 time per request and the ratio of the median to the floor's.
"""

import argparse
import itertools
import statistics
import sys
import time

from .common import (
    CpuWatch,
    drop_database,
    machine,
    recreate_database,
    require_postgres,
    setup_django,
)

SCHEMES = {
    "drf-token": "Token",
    "knox": "Token",
    "api-key": "Api-Key",
    "pat": "Bearer",
    "auth-statement": "Bearer",
    "pat-throttle": "Bearer",
}
# variant label -> (view name, which codes to send)
VARIANTS = {
    "no auth (floor)": ("floor", None),
    "floor + one bare SELECT 1 round trip": ("select-one", None),
    "floor + the authentication statement alone": ("auth-statement", "pat"),
    "floor + one Redis PING": ("redis-ping", None),
    "DRF TokenAuthentication": ("drf-token", "drf-token"),
    "knox": ("knox", "knox"),
    "knox, 100 tokens/user": ("knox", "knox-heavy-user"),
    "api-key HasAPIKey": ("api-key", "api-key"),
    "PAT (auth + TeamAccessPermission)": ("pat", "pat"),
    "PAT, 100 tokens/user": ("pat", "pat-heavy-user"),
    "PAT, replaced code in its overlap window": ("pat", "pat-overlap"),
    "PAT + throttle (Redis)": ("pat-throttle", "pat"),
    # Issue 13: a team policy with every rule and an IP allowlist, the token's own
    # allowlist, a replaced code in its overlap window, and the rate limit on Redis (which
    # also counts the usage history in its one round trip, tokens/usage.py).
    "PAT, every feature on": ("pat-throttle", "pat-every-feature"),
}
FLOOR = "no auth (floor)"
ONE_ROUND_TRIP = "floor + one bare SELECT 1 round trip"
# The goals, as ratios to the one-round-trip row: the least a database-backed check costs.
GOALS = {
    "PAT (auth + TeamAccessPermission)": 1.05,
    "PAT + throttle (Redis)": 1.10,
}


def _environs(view: str, codes: list[str] | None) -> list[dict]:
    from django.test import RequestFactory

    factory = RequestFactory()
    path = f"/bench/{view}"
    if not codes:
        return [factory.get(path).environ]
    scheme = SCHEMES[view]
    return [factory.get(path, HTTP_AUTHORIZATION=f"{scheme} {code}").environ for code in codes]


class Client:
    """Calls the WSGI handler the way gunicorn would, minus the socket."""

    def __init__(self):
        from django.core.handlers.wsgi import WSGIHandler

        self.handler = WSGIHandler()

    def __call__(self, environ: dict) -> int:
        from django.test.client import FakePayload

        statuses = []
        environ = {**environ, "wsgi.input": FakePayload(b"")}
        response = self.handler(environ, lambda status, headers: statuses.append(status))
        b"".join(response)
        response.close()
        return int(statuses[0].split()[0])


def _backend_on_cpu_ns(pid: int | None) -> int:
    """Nanoseconds the PostgreSQL backend `pid` has spent on a CPU (0 if unknown)."""
    if pid is None:
        return 0
    try:
        with open(f"/proc/{pid}/schedstat") as schedstat:
            return int(schedstat.read().split()[0])
    except OSError:  # the server is on another machine
        return 0


def backend_pid() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def measure(
    *, variants: dict, codes: dict, rounds: int, batch: int, client: Client, cpu=None
) -> dict:
    """Per variant: the list of request times (seconds), interleaved in rounds.

    `cpu`, a dict, gets per variant [ns on a CPU in this thread, ns on a CPU in the
    PostgreSQL backend, requests]: what a request costs in work, which other processes on
    the machine inflate far less than they inflate wall-clock time.
    """
    environs = {
        label: itertools.cycle(_environs(view, codes.get(kind) if kind else None))
        for label, (view, kind) in variants.items()
    }
    labels = list(variants)
    times: dict[str, list[float]] = {label: [] for label in labels}
    clock = time.perf_counter
    backend = backend_pid() if cpu is not None else None
    for round_number in range(rounds):
        shift = round_number % len(labels)
        for label in labels[shift:] + labels[:shift]:
            source = environs[label]
            record = times[label].append
            here, there = time.thread_time_ns(), _backend_on_cpu_ns(backend)
            for _ in range(batch):
                environ = next(source)
                start = clock()
                status = client(environ)
                record(clock() - start)
                if status != 200:
                    raise SystemExit(f"{label}: HTTP {status}: the benchmark is broken")
            if cpu is not None:
                spent = cpu.setdefault(label, [0, 0, 0])
                spent[0] += time.thread_time_ns() - here
                spent[1] += _backend_on_cpu_ns(backend) - there
                spent[2] += batch
    return times


def count_queries(*, variants: dict, codes: dict, client: Client) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for label, (view, kind) in variants.items():
        environ = _environs(view, codes.get(kind)[:1] if kind else None)[0]
        with CaptureQueriesContext(connection) as queries:
            client(environ)
        counts[label] = len(queries)
    return counts


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def _ratios(runs: list[dict], label: str, base: str) -> list[float]:
    return [statistics.median(run[label]) / statistics.median(run[base]) for run in runs]


def report(runs: list[dict], counts: dict, out=sys.stdout, cpu=None) -> None:
    """The table (ratios to the floor and to the one-round-trip row), then the goals, then
    the CPU each variant spent per request, here and in the PostgreSQL backend."""
    floor = FLOOR if FLOOR in counts else next(iter(counts))
    trip = ONE_ROUND_TRIP if ONE_ROUND_TRIP in counts else None
    header = "| variant | queries/request | median ms | p95 ms | ratio to floor (per run) |"
    if trip:
        header += " ratio to one round trip (per run) |"
    out.write(header + "\n|" + "---|" * header.count(" |") + "\n")

    def cell(ratios: list[float]) -> str:
        each = " / ".join(f"{r:.2f}" for r in ratios)
        return f"**{statistics.median(ratios):.2f}** ({each})"

    for label in counts:
        medians = [statistics.median(run[label]) for run in runs]
        every = [t for run in runs for t in run[label]]
        line = (
            f"| {label} | {counts[label]} | {statistics.median(medians) * 1000:.3f} | "
            f"{_p95(every) * 1000:.3f} | {cell(_ratios(runs, label, floor))} |"
        )
        if trip:
            line += f" {cell(_ratios(runs, label, trip))} |"
        out.write(line + "\n")
    if trip:
        out.write("\n")
        for label, goal in GOALS.items():
            if label in counts:
                ratio = statistics.median(_ratios(runs, label, trip))
                verdict = "met" if ratio <= goal else "NOT met"
                out.write(f"{label}: {ratio:.3f}x one round trip (goal <= {goal}): {verdict}\n")
    if cpu:
        out.write(
            "\n| variant | CPU µs/request, this process | CPU µs/request, PostgreSQL backend "
            "| total | total minus the one-round-trip row's |\n|---|---|---|---|---|\n"
        )
        per = {
            label: [ns / n / 1000 for ns in (here, there)]
            for label, (here, there, n) in cpu.items()
        }
        base = sum(per[trip]) if trip in per else None
        for label in counts:
            if label in per:
                here, there = per[label]
                extra = f"{here + there - base:+.0f}" if base is not None else ""
                out.write(
                    f"| {label} | {here:.0f} | {there:.0f} | {here + there:.0f} | {extra} |\n"
                )


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=100_000, help="tokens per table")
    parser.add_argument("--sample", type=int, default=200, help="tokens actually sent")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--batch", type=int, default=25, help="requests per variant per round")
    parser.add_argument("--db", default="teamstack_bench_auth")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept database")
    parser.add_argument("--only", help="comma-separated view names (floor,pat,…)")
    args = parser.parse_args(argv)

    require_postgres()
    if not args.reuse:
        recreate_database(args.db)
    setup_django(args.db)
    import json
    from pathlib import Path

    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command

    from .seed import seed

    state_file = Path(f"/tmp/{args.db}.json")
    try:
        if args.reuse and state_file.exists():
            data = json.loads(state_file.read_text())
        else:
            started = time.monotonic()
            call_command("migrate", verbosity=0)
            data = seed(tokens=args.tokens, sample=args.sample)
            state_file.write_text(json.dumps(data))
            print(f"seeded {args.tokens:,} tokens per table in {time.monotonic() - started:.0f} s")
        settings.BENCH_TEAM_ID = data["team_id"]
        cache.clear()
        variants = VARIANTS
        if args.only:
            chosen = set(args.only.split(","))
            chosen |= {"floor", "select-one"}  # the two rows every ratio is read against
            variants = {k: v for k, v in VARIANTS.items() if v[0] in chosen}
        client = Client()
        print(f"machine: {machine()}")
        measure(variants=variants, codes=data["codes"], rounds=2, batch=args.sample, client=client)
        counts = count_queries(variants=variants, codes=data["codes"], client=client)
        watch = CpuWatch(databases=(args.db,)).start()
        cpu: dict = {}
        runs = []
        for run in range(args.runs):
            started = time.monotonic()
            runs.append(
                measure(
                    variants=variants,
                    codes=data["codes"],
                    rounds=args.rounds,
                    batch=args.batch,
                    client=client,
                    cpu=cpu,
                )
            )
            print(f"run {run + 1}/{args.runs}: {time.monotonic() - started:.0f} s", flush=True)
        print(
            f"\n{args.tokens:,} tokens per table; {args.runs} runs x {args.rounds} rounds x "
            f"{args.batch} requests per variant\n"
        )
        report(runs, counts, cpu=cpu)
        print("\n" + CpuWatch.describe(watch.stop()), flush=True)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            drop_database(args.db)
            state_file.unlink(missing_ok=True)


if __name__ == "__main__":
    main()

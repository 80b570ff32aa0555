"""Authentication with 1,000 vs 1,000,000 tokens in the table, in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python -m benchmarks.auth_scale

Two databases made the same way (one team, N users and members, N personal access tokens:
bulk rows made by PostgreSQL as `benchmarks.seed` makes them, plus a sample of real tokens
made by `token_create`), N = 1,000 and N = 1,000,000. One process keeps a connection to
each; Django's default connection is pointed at one or the other before each batch, so the
same PAT-authenticated request (the benchmark's member-list view, full WSGI stack) is timed
against both in the same interleaved rounds, alternating which goes first. The goal: the
1M median within ±10% of the 1k median.
"""

import argparse
import itertools
import statistics
import time

from .common import CpuWatch, drop_database, machine, recreate_database, require_postgres


def _use(connection) -> None:
    """Make `connection` Django's default one (for this thread)."""
    from django.db import connections

    connections._connections.default = connection


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=200, help="real tokens sent")
    parser.add_argument("--rounds", type=int, default=60)
    parser.add_argument("--batch", type=int, default=25)
    parser.add_argument("--keep", action="store_true", help="keep the databases afterwards")
    args = parser.parse_args(argv)

    require_postgres()
    names = {"small": "teamstack_bench_tokens_small", "large": "teamstack_bench_tokens_large"}
    for name in names.values():
        recreate_database(name)
    from .common import setup_django

    setup_django(names["small"])
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connections

    from .auth import Client, _backend_on_cpu_ns, _environs, backend_pid
    from .seed import seed

    connections.settings["large"] = {**connections.settings["default"], "NAME": names["large"]}
    databases = {"small": connections["default"], "large": connections["large"]}
    sizes = {"small": args.small, "large": args.large}
    try:
        codes = {}
        for which, connection in databases.items():
            _use(connection)
            started = time.monotonic()
            call_command("migrate", verbosity=0)
            data = seed(tokens=sizes[which], sample=args.sample, peers=False)
            codes[which] = data["codes"]["pat"]
            print(f"seeded {sizes[which]:,} tokens in {time.monotonic() - started:.0f} s")
        _use(databases["small"])
        print(f"machine: {machine()}")
        cache.clear()
        client = Client()
        environs = {which: itertools.cycle(_environs("pat", codes[which])) for which in databases}
        times: dict[str, list[float]] = {which: [] for which in databases}
        backends = {}
        for which, connection in databases.items():
            _use(connection)
            backends[which] = backend_pid()
        cpu = {which: [0, 0] for which in databases}  # ns here, ns in the backend

        def batch(which: str, record: bool) -> None:
            _use(databases[which])
            source = environs[which]
            here, there = time.thread_time_ns(), _backend_on_cpu_ns(backends[which])
            for _ in range(args.batch):
                environ = next(source)
                start = time.perf_counter()
                status = client(environ)
                elapsed = time.perf_counter() - start
                if status != 200:
                    raise SystemExit(f"{which}: HTTP {status}: the benchmark is broken")
                if record:
                    times[which].append(elapsed)
            if record:
                cpu[which][0] += time.thread_time_ns() - here
                cpu[which][1] += _backend_on_cpu_ns(backends[which]) - there

        for _ in range(2):  # warm-up: every sample token once on each side
            for which in databases:
                for _ in range(args.sample // args.batch + 1):
                    batch(which, record=False)
        watch = CpuWatch(databases=tuple(names.values())).start()
        order = list(databases)
        for round_number in range(args.rounds):
            for which in order if round_number % 2 == 0 else order[::-1]:
                batch(which, record=True)
        usage = watch.stop()
        small, large = (statistics.median(times[which]) for which in ("small", "large"))
        # The ratio per block of 10 rounds shows how much the noise moves it.
        per_block = []
        step = 10 * args.batch
        for start in range(0, len(times["small"]), step):
            per_block.append(
                statistics.median(times["large"][start : start + step])
                / statistics.median(times["small"][start : start + step])
            )
        print(
            f"\n{args.rounds} rounds x {args.batch} PAT requests on each database\n\n"
            "| tokens in the table | median ms | p95 ms |\n|---|---|---|\n"
            f"| {args.small:,} | {small * 1000:.3f} | "
            f"{statistics.quantiles(times['small'], n=20)[-1] * 1000:.3f} |\n"
            f"| {args.large:,} | {large * 1000:.3f} | "
            f"{statistics.quantiles(times['large'], n=20)[-1] * 1000:.3f} |\n\n"
            f"ratio {args.large:,} / {args.small:,}: **{large / small:.3f}** "
            f"(per 10 rounds: {' / '.join(f'{r:.2f}' for r in per_block)}); goal 0.90-1.10: "
            f"{'met' if 0.9 <= large / small <= 1.1 else 'NOT met'}\n"
        )
        requests = args.rounds * args.batch
        for which in databases:
            here, there = (ns / requests / 1000 for ns in cpu[which])
            print(
                f"CPU per request with {sizes[which]:,} tokens: {here:.0f} µs in this process, "
                f"{there:.0f} µs in the PostgreSQL backend"
            )
        print(CpuWatch.describe(usage), flush=True)
    finally:
        _use(databases["small"])
        connections.close_all()
        if not args.keep:
            for name in names.values():
                drop_database(name)


if __name__ == "__main__":
    main()

"""Where a request's CPU goes: cProfile over the benchmark views, grouped by layer.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python -m benchmarks.auth --keep
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        BENCH_CACHE_URL=redis://127.0.0.1:6379/5 python -m benchmarks.request_profile

Runs each variant's requests through Django's WSGI handler in this process (as
`benchmarks.auth` does) under cProfile with a CPU clock, and prints for each variant the
CPU microseconds per request this process spent in each layer (own time of the functions
in that layer: Django's handler and middleware, DRF, our tokens app, psycopg, redis-py, …;
the time spent waiting for PostgreSQL and Redis is not CPU here and is left out: the CPU their
servers spend is in `benchmarks.auth`'s second table), next to the one-round-trip row, with the
difference. cProfile adds its own cost to every call, so the absolute numbers are higher
than the benchmark's; the differences between variants are what to read. `--top N` lists
the N functions that add the most own time over the one-round-trip row.
"""

import argparse
import cProfile
import itertools
import pstats
import sys
import time
from collections import defaultdict

from .common import require_postgres, setup_django

# (layer, how a function's file or name is recognised), first match wins.
LAYERS = (
    ("SHA-256 and checksum", ("tokens/codes.py",)),
    ("tokens app (auth, permission, throttle)", ("tokens/",)),
    ("psycopg (send, receive, load rows)", ("psycopg/", "psycopg_c", "psycopg_binary")),
    ("redis-py", ("redis/", "hiredis")),
    ("Django ORM and db backend", ("django/db/",)),
    ("DRF (dispatch, request, response, render)", ("rest_framework/",)),
    ("Django handler, middleware, response", ("django/core/", "django/middleware/", "/http/")),
    ("Django other (settings, signals, utils, contrib)", ("django/",)),
    ("benchmark view and client", ("benchmarks/",)),
)
OTHER = "other (builtins, stdlib)"


def _layer(filename: str, name: str) -> str:
    where = f"{filename}:{name}"
    if filename == "~":  # a built-in: classify by what it is
        if any(k in name for k in ("recv", "send", "select", "poll", "wait")):
            return "waiting on sockets (PostgreSQL, Redis)"
        if any(k in name for k in ("sha256", "hexdigest", "crc32", "hashlib")):
            return "SHA-256 and checksum"
        return OTHER
    for layer, marks in LAYERS:
        if any(mark in where for mark in marks):
            return layer
    return OTHER


def profile(client, environs, requests: int) -> tuple[dict, list]:
    source = itertools.cycle(environs)
    # CPU time of this thread, not wall time: waiting for PostgreSQL or Redis is not
    # counted (it would land on whichever function happens to wait), nor are other
    # processes' turns on a busy machine.
    profiler = cProfile.Profile(time.thread_time)
    profiler.enable()
    for _ in range(requests):
        status = client(next(source))
        if status != 200:
            raise SystemExit(f"HTTP {status}: the benchmark is broken")
    profiler.disable()
    stats = pstats.Stats(profiler)
    layers: dict[str, float] = defaultdict(float)
    functions = []
    for (filename, _line, name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        layers[_layer(filename, name)] += tottime
        functions.append((f"{filename.rsplit('site-packages/', 1)[-1]}:{name}", tottime))
    per_request = {layer: seconds / requests * 1e6 for layer, seconds in layers.items()}
    return per_request, [(name, t / requests * 1e6) for name, t in functions]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="teamstack_bench_auth")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--variants", default="select-one,pat,pat-throttle")
    args = parser.parse_args(argv)
    require_postgres()
    setup_django(args.db)
    import json
    from pathlib import Path

    from django.conf import settings
    from django.core.cache import cache

    from .auth import VARIANTS, Client, _environs

    data = json.loads(Path(f"/tmp/{args.db}.json").read_text())
    settings.BENCH_TEAM_ID = data["team_id"]
    cache.clear()
    client = Client()
    kinds = {view: kind for view, kind in VARIANTS.values()}
    views = args.variants.split(",")
    results = {}
    for view in views:
        environs = _environs(view, data["codes"].get(kinds[view]) if kinds[view] else None)
        profile(client, environs, 300)  # warm
        results[view] = profile(client, environs, args.requests)
    base = views[0]
    layers = sorted(
        {layer for per_request, _ in results.values() for layer in per_request},
        key=lambda layer: -max(results[v][0].get(layer, 0) for v in views),
    )
    out = sys.stdout
    out.write(f"\nCPU µs per request under cProfile, {args.requests} requests per variant\n\n")
    header = " | ".join(views[:1] + [f"{v} | Δ {v}" for v in views[1:]])
    out.write(f"| layer | {header} |\n|---|{'---|' * (2 * len(views) - 1)}\n")
    totals = {v: sum(results[v][0].values()) for v in views}
    for layer in [*layers, "total"]:
        cells = []
        for view in views:
            value = totals[view] if layer == "total" else results[view][0].get(layer, 0.0)
            base_value = totals[base] if layer == "total" else results[base][0].get(layer, 0.0)
            delta = f" | {value - base_value:+.0f}" if view != base else ""
            cells.append(f"{value:.0f}{delta}")
        out.write(f"| {layer} | {' | '.join(cells)} |\n")
    base_functions = dict(results[base][1])
    for view in views[1:]:
        added = sorted(
            ((name, t - base_functions.get(name, 0.0)) for name, t in results[view][1]),
            key=lambda item: -item[1],
        )[: args.top]
        out.write(f"\nThe {args.top} functions adding most own time, {view} over {base} (µs):\n")
        for name, extra in added:
            out.write(f"  {extra:7.1f}  {name}\n")


if __name__ == "__main__":
    main()

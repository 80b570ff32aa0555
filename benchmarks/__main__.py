"""`make bench`: the authentication benchmark, then the HTTP load test, on one fresh database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make bench
    make bench BENCH_ARGS="--quick"        # a short run to check that everything works

Needs PostgreSQL (DATABASE_URL names the server; the benchmark creates, fills and drops its
own database there), Redis on 127.0.0.1:6379 (database 5, or BENCH_CACHE_URL) and wrk.
Every step is bounded in time; gunicorn listens on 127.0.0.1 only. After each step a line says
whether other processes used the CPU meanwhile (`WARNING: another process was using the
CPU: …`, with the numbers), in which case the numbers are not reference numbers.
"""

import argparse
import json
import sys
from pathlib import Path

from . import auth, load
from .common import CpuWatch, drop_database, require_postgres


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small and short: a smoke run")
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args(argv)
    require_postgres()
    db = "teamstack_bench_auth"
    auth_args = ["--keep", "--db", db]
    if args.quick:
        auth_args += ["--tokens", "2000", "--runs", "1", "--rounds", "5", "--sample", "50"]
    ok = True
    try:
        print("== Authentication, in process\n", flush=True)
        auth.main(auth_args)
        if not args.skip_load:
            print("\n== HTTP load test\n", flush=True)
            data = json.loads(Path(f"/tmp/{db}.json").read_text())
            watch = CpuWatch(databases=(db,), sample_seconds=1.0).start()
            ok = load.run(
                db_name=db,
                data=data,
                duration=5 if args.quick else 30,
                connections=8,
                workers=4,
                threads=2,
            )
            print("\n" + CpuWatch.describe(watch.stop()), flush=True)
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(db)
        Path(f"/tmp/{db}.json").unlink(missing_ok=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

"""Authentication behind a transaction-pooling pgbouncer: correct answers under concurrency.

    DATABASE_URL=postgres://postgres@127.0.0.1:6432/postgres python -m benchmarks.pgbouncer_check

DATABASE_URL must point at a pgbouncer with `pool_mode = transaction` and fewer server
connections than the threads used here, so that every statement may land on another server
connection. Threads authenticate real and unknown tokens as fast as they can while another
thread keeps running `DEALLOCATE ALL` (what a fresh server connection looks like); every
answer is checked. Exits non-zero on any wrong answer or error.

`--psycopg-prepare` shows what this design avoids: psycopg's own automatic prepared
statements (Django's `server_side_binding`, `prepare_threshold=0`) instead of ours. Their
names (`_pg3_0`, …) are per client connection, so behind a transaction pooler older than
pgbouncer 1.21 they are missing, or worse, name another client's statement.
"""

import argparse
import random
import threading
import time

from .common import drop_database, recreate_database, require_postgres, setup_django


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="teamstack_bench_pgbouncer")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--psycopg-prepare", action="store_true")
    args = parser.parse_args(argv)
    require_postgres()
    recreate_database(args.db)
    setup_django(args.db)
    from django.core.management import call_command
    from django.db import connection, connections

    from tests.factories import make_token
    from tokens import codes
    from tokens.selectors import token_get_for_authentication

    try:
        call_command("migrate", verbosity=0)
        known = {}
        for _ in range(20):
            token, code = make_token()
            known[codes.digest(code)] = (token.pk, token.user_id, token.team_id)
        digests = [*known, *(codes.digest(codes.generate()) for _ in range(20))]
        if args.psycopg_prepare:  # new connections (one per thread) get these options
            from django.conf import settings

            options = settings.DATABASES["default"].setdefault("OPTIONS", {})
            options.update(server_side_binding=True, prepare_threshold=0)
            settings.PAT_AUTH_PREPARED_STATEMENT = False
        deadline = time.monotonic() + args.seconds
        counts = {"checked": 0, "wrong": 0, "errors": 0, "deallocations": 0}
        lock = threading.Lock()

        def authenticate():
            rng = random.Random()
            done = wrong = errors = 0
            while time.monotonic() < deadline:
                digest = rng.choice(digests)
                try:
                    found = token_get_for_authentication(digest=digest)
                except Exception as exc:  # counted and reported: the check's whole point
                    errors += 1
                    print(f"error: {exc!r}")
                    continue
                got = None if found is None else (found.pk, found.user.pk, found.team.pk)
                wrong += got != known.get(digest)
                done += 1
            connection.close()
            with lock:
                counts["checked"] += done
                counts["wrong"] += wrong
                counts["errors"] += errors

        def deallocate():
            while time.monotonic() < deadline:
                with connection.cursor() as cursor:
                    cursor.execute("DEALLOCATE ALL")
                counts["deallocations"] += 1
                time.sleep(0.05)
            connection.close()

        workers = [threading.Thread(target=authenticate) for _ in range(args.threads)]
        if not args.psycopg_prepare:  # psycopg's statements fail without any help
            workers.append(threading.Thread(target=deallocate))
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        server = f"{connection.settings_dict['HOST']}:{connection.settings_dict['PORT']}"
        print(
            f"{args.threads} threads for {args.seconds} s through {server}: "
            f"{counts['checked']:,} authentications checked, "
            f"{counts['wrong']} wrong, {counts['errors']} errors, "
            f"{counts['deallocations']} DEALLOCATE ALL in between"
        )
        failed = counts["wrong"] or counts["errors"]
    finally:
        connections.close_all()
        drop_database(args.db)
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()

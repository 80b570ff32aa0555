"""Where a PAT request's time goes: CPU per step of authentication, permission, rate limit.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python -m benchmarks.auth --keep
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python -m benchmarks.auth_steps
    … python -m benchmarks.auth_steps --profile authenticate   # cProfile of one step

Runs each step of the request path on its own, in a loop, in this process, against the
database `benchmarks.auth --keep` left (`--db`), and prints the CPU time this thread spent
per call (`time.thread_time`: waiting for PostgreSQL or Redis is not counted, so other
processes on the machine disturb it far less than wall-clock time). A bare `SELECT 1`
through Django's cursor is the reference: what any database-backed check costs at least.
"""

import argparse
import cProfile
import json
import pstats
import statistics
import time
from pathlib import Path

from .common import require_postgres, setup_django


def _steps(data: dict) -> dict:
    from django.db import connection
    from django.test import RequestFactory
    from rest_framework.request import Request

    from tokens import codes, throttling
    from tokens.authentication import PersonalAccessTokenAuthentication
    from tokens.permissions import TeamAccessPermission
    from tokens.selectors import token_get_for_authentication

    factory = RequestFactory()
    sample = data["codes"]["pat"]
    plain = [factory.get("/bench/pat", HTTP_AUTHORIZATION=f"Bearer {c}") for c in sample]
    limited = [factory.get("/bench/pat-throttle", HTTP_AUTHORIZATION=f"Bearer {c}") for c in sample]
    digests = [codes.digest(code) for code in sample]
    authentication, permission = PersonalAccessTokenAuthentication(), TeamAccessPermission()
    user, token = authentication.authenticate(Request(plain[0]))

    class View:
        kwargs: dict = {}

    def select_one(i):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    def code_checks(i):
        code = sample[i % len(sample)]
        codes.is_well_formed(code)
        codes.digest(code)

    def authenticate(i):
        authentication.authenticate(Request(plain[i % len(plain)]))

    def authenticate_and_charge(i):
        request = limited[i % len(limited)]
        request.__dict__.pop("rate_limit", None)  # count it anew each time
        authentication.authenticate(Request(request))

    def check_permission(i):
        request = Request(plain[0])
        request.user, request.auth = user, token
        permission.has_permission(request, View)

    return {
        "SELECT 1 through Django's cursor (reference)": select_one,
        "shape, checksum and SHA-256 of the code": code_checks,
        "selector (the statement, three instances)": lambda i: token_get_for_authentication(
            digest=digests[i % len(digests)]
        ),
        "authenticate (everything above but SELECT 1)": authenticate,
        "authenticate + the rate-limit charge, overlapped": authenticate_and_charge,
        "TeamAccessPermission": check_permission,
        "rate-limit charge alone (one Redis round trip)": lambda i: throttling.rate_limit_consume(
            ident="bench-steps"
        ),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="teamstack_bench_auth")
    parser.add_argument("--batches", type=int, default=9)
    parser.add_argument("--calls", type=int, default=300, help="calls per batch")
    parser.add_argument("--profile", help="cProfile one step (a word of its name)")
    args = parser.parse_args(argv)
    require_postgres()
    setup_django(args.db)
    from django.conf import settings

    data = json.loads(Path(f"/tmp/{args.db}.json").read_text())
    settings.BENCH_TEAM_ID = data["team_id"]
    steps = _steps(data)
    if args.profile:
        name = next(name for name in steps if args.profile in name)
        profile = cProfile.Profile(time.thread_time)
        profile.enable()
        for i in range(args.calls * args.batches):
            steps[name](i)
        profile.disable()
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        return
    spent: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(args.batches):
        for name, step in steps.items():
            started = time.thread_time_ns()
            for i in range(args.calls):
                step(i)
            spent[name].append((time.thread_time_ns() - started) / args.calls / 1000)
    print("| step | CPU µs per call (median of batches) |\n|---|---|")
    for name, values in spent.items():
        print(f"| {name} | {statistics.median(values):.0f} |")


if __name__ == "__main__":
    main()

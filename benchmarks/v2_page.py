"""API v2.3 page benchmark: 100 questions with their answers, v2.3 in one call against v3.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python -m benchmarks.v2_page

One team (Business plan) with `--questions` questions, made as the scale benchmark makes
them (per question on average 1.5 answers, 2 tags, 0.1 comments; `benchmarks.scale.load`).
Two ways for a client to get a page of 100 questions with their bodies, answers and
comments, both PAT-authenticated through the full WSGI stack in this process:

- v2.3: `GET /api/2.3/questions?pagesize=100&filter=<question.body, question.answers,
  question.comments, answer.body, answer.comments>` — one request;
- v3: `GET /api/v3/teams/{team}/questions?pageSize=100`, then
  `GET …/questions/{id}/answers?pageSize=100` for each question of the page — 101 requests.

Both are timed in the same interleaved rounds (the order alternating each round), so the
noise of a shared machine hits both alike; the report gives medians and the ratio v2.3 / v3
(goal: ≤ 1, the v2.3 page no slower). The v3 list alone is timed too, for reference: what
embedding bodies, answers and comments adds to a plain page.
"""

import argparse
import json
import os
import statistics
import time

from .common import drop_database, machine, recreate_database, require_postgres, setup_django

EMBEDDING = (
    "question.body",
    "question.answers",
    "question.comments",
    "answer.body",
    "answer.comments",
)


def _call(handler, environ: dict) -> tuple[int, bytes]:
    from django.test.client import FakePayload

    statuses = []
    environ = {**environ, "wsgi.input": FakePayload(b"")}
    response = handler(environ, lambda status, headers: statuses.append(status))
    body = b"".join(response)
    response.close()
    return int(statuses[0].split()[0]), body


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--tokens", type=int, default=1_000)
    parser.add_argument("--members", type=int, default=500, help="authors and voters")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--db", default="teamstack_bench_v2page")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    require_postgres()
    os.environ.setdefault("API_V2_DAILY_QUOTA", str(10**9))  # many calls, one token
    recreate_database(args.db)
    setup_django(args.db)
    try:
        _run(args)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            drop_database(args.db)


def _run(args) -> None:
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.test import RequestFactory

    from content.api_v2.filters import filter_create

    from .scale import load
    from .seed import TEAM_SLUG, seed

    print(f"machine: {machine()}")
    started = time.monotonic()
    call_command("migrate", verbosity=0)
    data = seed(tokens=args.tokens, sample=5, heavy_user_tokens=1)
    load(team_id=data["team_id"], first=1, last=args.questions, members=args.members, bulk=False)
    print(f"{args.questions:,} questions loaded in {time.monotonic() - started:.0f} s", flush=True)
    code = data["codes"]["pat"][0]
    factory = RequestFactory()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {code}"}
    flt = filter_create(base="default", include=list(EMBEDDING), exclude=[], unsafe=False).name
    v2 = factory.get("/api/2.3/questions", {"pagesize": 100, "filter": flt}, **auth).environ
    v3_base = f"/api/v3/teams/{TEAM_SLUG}/questions"
    v3_list = factory.get(v3_base, {"pageSize": 100}, **auth).environ
    handler = WSGIHandler()

    def v2_page() -> int:
        status, body = _call(handler, v2)
        assert status == 200, body[:300]
        return len(json.loads(body)["items"])

    def v3_page() -> int:
        status, body = _call(handler, v3_list)
        assert status == 200, body[:300]
        ids = [item["id"] for item in json.loads(body)["items"]]
        for question_id in ids:
            environ = factory.get(f"{v3_base}/{question_id}/answers", {"pageSize": 100}, **auth)
            status, answers = _call(handler, environ.environ)
            assert status == 200, answers[:300]
        return len(ids)

    def v3_list_alone() -> int:
        status, body = _call(handler, v3_list)
        assert status == 200, body[:300]
        return len(json.loads(body)["items"])

    variants = {
        "v2.3, one call": v2_page,
        "v3, list + 100 answer lists": v3_page,
        "v3, the list alone (no answers; for reference)": v3_list_alone,
    }
    for fetch in variants.values():  # warm: plans, caches, the prepared statement
        for _ in range(2):
            assert fetch() == 100
    times = {label: [] for label in variants}
    labels = list(variants)
    for round_number in range(args.rounds):
        shift = round_number % len(labels)
        order = labels[shift:] + labels[:shift]
        for label in order if round_number % 2 == 0 else order[::-1]:
            start = time.perf_counter()
            variants[label]()
            times[label].append(time.perf_counter() - start)
    medians = {label: statistics.median(values) for label, values in times.items()}
    v2_ms, v3_ms = (medians[label] * 1000 for label in labels[:2])
    print(f"\n{args.rounds} interleaved rounds, medians:\n")
    print("| request | median, ms |\n|---|---|")
    for label in labels:
        print(f"| {label} | {medians[label] * 1000:.1f} |")
    ratio = v2_ms / v3_ms
    print(f"\nratio v2.3 / v3: {ratio:.2f} (goal ≤ 1: {'met' if ratio <= 1 else 'NOT met'})")


if __name__ == "__main__":
    main()

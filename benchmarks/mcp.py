"""MCP benchmark: what the MCP face costs over API v3 for the same read.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres python -m benchmarks.mcp

One team (Business plan, `benchmarks.seed`), one question with `--answers` answers, each
with two comments. PAT-authenticated through the full WSGI stack in this process (rate
limits on Redis included, as in production):

- API v3: `GET …/questions/{id}` then `GET …/questions/{id}/answers?pageSize=100` (two
  calls: v3 has no question-with-answers read);
- MCP: `tools/call get_question` (one call: the question, its answers, every comment);
- MCP: `tools/list` (the protocol and the SDK's per-request set-up, almost no database);
- API v3: `GET …/users/me` (the smallest API call, for reference).

Interleaved rounds (the order rotating each round), medians, and the ratios of the MCP
read to the two v3 calls and of `tools/list` to `users/me`: the price of the SDK's event
loop per request (`content/agents/server.py`).
"""

import argparse
import json
import os
import statistics
import time

from .common import drop_database, machine, recreate_database, require_postgres, setup_django


def _call(handler, environ: dict, body: bytes = b"") -> tuple[int, bytes]:
    from django.test.client import FakePayload

    statuses = []
    environ = {**environ, "wsgi.input": FakePayload(body), "CONTENT_LENGTH": str(len(body))}
    response = handler(environ, lambda status, headers: statuses.append(status))
    content = b"".join(response)
    response.close()
    return int(statuses[0].split()[0]), content


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--db", default="teamstack_bench_mcp")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    require_postgres()
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

    from content import services
    from teams.models import Membership, Team

    from .seed import TEAM_SLUG, seed

    print(f"machine: {machine()}")
    call_command("migrate", verbosity=0)
    data = seed(tokens=20, sample=5, heavy_user_tokens=1, peers=False)
    code = data["codes"]["pat"][0]
    team = Team.objects.get(pk=data["team_id"])
    users = [m.user for m in Membership.objects.filter(team=team).select_related("user")[:3]]
    question = services.question_create(
        team=team,
        user=users[0],
        title="Why is the nightly export slow?",
        body="It takes **hours** since the upgrade.",
        tags=["export", "performance"],
    )
    for n in range(args.answers):
        answer = services.answer_create(
            question=question, user=users[1], body=f"Answer {n}: add an index on `created_at`."
        )
        for _ in range(2):
            services.comment_create(
                user=users[2], body="Did it help?", question=question, answer=answer
            )

    factory = RequestFactory()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {code}"}
    base = f"/api/v3/teams/{TEAM_SLUG}"
    v3_question = factory.get(f"{base}/questions/{question.pk}", **auth).environ
    v3_answers = factory.get(f"{base}/questions/{question.pk}/answers", {"pageSize": 100}, **auth)
    v3_me = factory.get(f"{base}/users/me", **auth).environ
    mcp = factory.post(
        "/mcp",
        content_type="application/json",
        HTTP_ACCEPT="application/json, text/event-stream",
        HTTP_MCP_PROTOCOL_VERSION="2025-11-25",
        **auth,
    ).environ

    def rpc(method: str, params: dict) -> bytes:
        return json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params}).encode()

    get_question = rpc(
        "tools/call", {"name": "get_question", "arguments": {"questionId": question.pk}}
    )
    tools_list = rpc("tools/list", {})
    handler = WSGIHandler()

    def v3_read() -> None:
        for environ in (v3_question, v3_answers.environ):
            status, body = _call(handler, environ)
            assert status == 200, body[:300]

    def mcp_read() -> None:
        status, body = _call(handler, mcp, get_question)
        result = json.loads(body)["result"]
        assert status == 200 and len(result["structuredContent"]["answers"]) == args.answers

    def mcp_list() -> None:
        status, body = _call(handler, mcp, tools_list)
        assert status == 200 and json.loads(body)["result"]["tools"], body[:300]

    def v3_users_me() -> None:
        status, body = _call(handler, v3_me)
        assert status == 200, body[:300]

    variants = {
        "API v3: question + answers (2 calls)": v3_read,
        "MCP: tools/call get_question (1 call)": mcp_read,
        "MCP: tools/list": mcp_list,
        "API v3: users/me": v3_users_me,
    }
    for fetch in variants.values():  # warm: plans, caches, the prepared statement
        for _ in range(5):
            fetch()
    times = {label: [] for label in variants}
    labels = list(variants)
    for round_number in range(args.rounds):
        shift = round_number % len(labels)
        for label in labels[shift:] + labels[:shift]:
            start = time.perf_counter()
            variants[label]()
            times[label].append(time.perf_counter() - start)
    ms = {label: statistics.median(values) * 1000 for label, values in times.items()}
    print(f"\n{args.rounds} interleaved rounds, {args.answers} answers, medians:\n")
    print("| request | median, ms |\n|---|---|")
    for label in labels:
        print(f"| {label} | {ms[label]:.2f} |")
    if os.environ.get("BENCH_PROFILE"):  # where an MCP read's time goes
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(lambda: [mcp_read() for _ in range(50)])
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)
    v3, read, listed, me = (ms[label] for label in labels)
    print(f"\nMCP get_question / v3 question + answers: {read / v3:.2f}")
    print(f"MCP tools/list / v3 users/me: {listed / me:.2f}")


if __name__ == "__main__":
    main()

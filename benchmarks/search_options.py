"""Search at a million questions: the statements of each option, timed at 10k and at 1M.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        python -m benchmarks.scale --keep          # builds the two databases once
    DATABASE_URL=… python -m benchmarks.search_options

Runs on the databases `benchmarks.scale --keep` left (`--db`, default
`teamstack_bench_scale` and its `_small` twin) and times, in the same interleaved rounds
on both, the SQL alone (no HTTP, no decoration) of each way to serve page 1 of a search
sorted by relevance, for a rare word, a common word and two common words:

- `exact`: what search did before the bound: `COUNT(*)` of every match, then `ts_rank`
  over every match, sorted, `LIMIT 30` (two statements).
- `rum`: a RUM index (`postgresql-15-rum`) ordering by its `<=>` distance inside the
  index, `LIMIT 30`; no count at all (a count would be the `COUNT(*)` above again).
  Measured only where the extension is installed; the index is built (its build time and
  size printed) and dropped afterwards.
- `window N`: the statement `content_search` runs (count and page keys in one), with the
  result bound set to N.

Medians in milliseconds; the machine is shared, so read the ratios, not the absolutes.
"""

import argparse
import statistics
import time

from .common import require_postgres, setup_django

WORDS = ("zyzzyvaquux", "django", "django kubernetes")
WINDOWS = (1_000, 5_000, 10_000)
RUM_INDEX = "bench_q_search_rum"


def _exact(word: str) -> list[str]:
    match = f"team_id = %(team)s AND search_vector @@ websearch_to_tsquery('english', '{word}')"
    return [
        f"SELECT count(*) FROM content_question WHERE {match}",
        f"SELECT id FROM content_question WHERE {match} ORDER BY ts_rank(search_vector, "
        f"websearch_to_tsquery('english', '{word}')) DESC, id DESC LIMIT 30",
    ]


def _rum(word: str) -> list[str]:
    query = f"websearch_to_tsquery('english', '{word}')"
    return [
        f"SELECT id FROM content_question WHERE team_id = %(team)s AND search_vector @@ "
        f"{query} ORDER BY search_vector <=> {query} LIMIT 30"
    ]


def _window(word: str, limit: int) -> list[str]:
    """The statement `content_search` runs first (count and page keys), as it ran."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from content.selectors import search
    from teams.models import Team

    team, user = Team.objects.get(slug="bench"), User.objects.order_by("id").first()
    saved, search.SEARCH_RESULT_LIMIT = search.SEARCH_RESULT_LIMIT, limit
    try:
        with CaptureQueriesContext(connection) as queries:
            search.content_search(team=team, user=user, query=word, page=1, page_size=30)
    finally:
        search.SEARCH_RESULT_LIMIT = saved
    return [queries.captured_queries[0]["sql"]]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="teamstack_bench_scale")
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args(argv)
    require_postgres()
    setup_django(args.db)
    from django.db import connections

    from .scale import Databases

    dbs = Databases(f"{args.db}_small")
    team_ids, rum = {}, False
    for which in ("small", "large"):
        dbs.use(which)
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT id FROM teams_team WHERE slug = 'bench'")
            team_ids[which] = cursor.fetchone()[0]
            cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
            rum = cursor.fetchone() is not None
            if rum:
                cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
                started = time.monotonic()
                cursor.execute(
                    f"CREATE INDEX IF NOT EXISTS {RUM_INDEX} ON content_question "
                    "USING rum (search_vector rum_tsvector_ops)"
                )
                cursor.execute(
                    "SELECT pg_size_pretty(pg_relation_size(%s)), "
                    "pg_size_pretty(pg_relation_size('content_q_search_gin'))",
                    [RUM_INDEX],
                )
                sizes = cursor.fetchone()
                print(
                    f"{which}: RUM index built in {time.monotonic() - started:.1f} s, "
                    f"{sizes[0]} (the GIN index: {sizes[1]})"
                )
    try:
        options = {}  # (option, word) -> which -> [(sql, params)]
        for word in WORDS:
            for which in ("small", "large"):
                dbs.use(which)
                team = {"team": team_ids[which]}
                options.setdefault(("exact", word), {})[which] = [
                    (sql, team) for sql in _exact(word)
                ]
                if rum:
                    options.setdefault(("rum", word), {})[which] = [(_rum(word)[0], team)]
                for limit in WINDOWS:
                    window = [(sql, None) for sql in _window(word, limit)]
                    options.setdefault((f"window {limit:,}", word), {})[which] = window
        times = {key: {"small": [], "large": []} for key in options}
        for round_number in range(args.rounds):
            for key, by_db in options.items():
                for which in ("small", "large") if round_number % 2 else ("large", "small"):
                    dbs.use(which)
                    with connections["default"].cursor() as cursor:
                        started = time.perf_counter()
                        for sql, params in by_db[which]:
                            cursor.execute(sql, params)
                            cursor.fetchall()
                        times[key][which].append(time.perf_counter() - started)
        print("\n| option | query | 10k, ms | 1M, ms | ratio |\n|---|---|---|---|---|")
        for (option, word), by_db in times.items():
            small, large = (statistics.median(by_db[w]) * 1000 for w in ("small", "large"))
            print(f"| {option} | {word} | {small:.1f} | {large:.1f} | {large / small:.1f} |")
    finally:
        if rum:
            for which in ("small", "large"):
                dbs.use(which)
                with connections["default"].cursor() as cursor:
                    cursor.execute(f"DROP INDEX IF EXISTS {RUM_INDEX}")
        dbs.small.close()
        connections.close_all()


if __name__ == "__main__":
    main()

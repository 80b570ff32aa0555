"""`GET /search` serves a bounded result set: the first `SEARCH_RESULT_LIMIT` matches in the
window order (the sort's own order for `newest`, `active` and `score`; the newest matches
for `relevance`), and `totalCount` counts them. The bound is lowered here to see it work;
relevance is checked against PostgreSQL's own `ts_rank`. Runs on both databases (the
ranking tests on PostgreSQL only)."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from content.selectors import search as search_selectors
from tests.factories import AnswerFactory, ArticleFactory, QuestionFactory, TeamFactory

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full text only (ts_rank)"
)


@pytest.fixture
def client(pat_client, team):
    return pat_client(team=team)[0]


def search(client, team, **params):
    response = client.get(reverse("api:search", kwargs={"team": team.slug}), params)
    assert response.status_code == HTTPStatus.OK, response.content
    return response.json()


def keys(body):
    return [(r["type"], r.get("questionId") or r.get("articleId")) for r in body["items"]]


def bound(monkeypatch, limit: int) -> None:
    monkeypatch.setattr(search_selectors, "SEARCH_RESULT_LIMIT", limit)


@pytest.fixture
def five(team):
    """Five questions mentioning "widget", one a day (the oldest first), scores and
    activity in another order; one of another team."""
    now = timezone.now()
    scores = [5, 1, 4, 2, 3]
    active = [3, 5, 1, 4, 2]  # days ago
    made = [
        QuestionFactory(
            team=team,
            title=f"Widget question {i}",
            body_markdown="About the widget.",
            score=scores[i],
            created_at=now - timedelta(days=10 - i),
            last_activity_at=now - timedelta(days=active[i]),
        )
        for i in range(5)
    ]
    QuestionFactory(team=TeamFactory(), title="Widget elsewhere", body_markdown="widget")
    return made


def ids(questions, order):
    return [("question", questions[i].pk) for i in order]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", [4, 3, 2]),  # the three newest
        ("score", [0, 2, 4]),  # the three best scored of all five, not of the newest three
        ("active", [2, 4, 0]),  # the three most recently active of all five
    ],
)
def test_sorts_serve_the_first_matches_in_their_own_order(
    client, team, five, monkeypatch, sort, expected
):
    bound(monkeypatch, 3)
    body = search(client, team, query="widget", sort=sort)
    assert (body["totalCount"], body["totalPages"]) == (3, 1)
    assert keys(body) == ids(five, expected)


def test_total_count_is_exact_up_to_the_bound(client, team, five, monkeypatch):
    bound(monkeypatch, 5)
    assert search(client, team, query="widget")["totalCount"] == 5  # exactly the bound
    bound(monkeypatch, 6)
    assert search(client, team, query="widget")["totalCount"] == 5  # below it
    bound(monkeypatch, 4)
    assert search(client, team, query="widget")["totalCount"] == 4  # above it: the bound
    assert len(search(client, team, query="widget")["items"]) == 4


def test_pages_end_at_the_bound(client, team, five, monkeypatch):
    bound(monkeypatch, 3)
    pages = [
        search(client, team, query="widget", sort="newest", pageSize=2, page=page)
        for page in (1, 2, 3)
    ]
    assert [(p["totalCount"], p["totalPages"]) for p in pages] == [(3, 2)] * 3
    assert [keys(p) for p in pages] == [ids(five, [4, 3]), ids(five, [2]), []]


def test_the_window_spans_questions_and_articles(client, team, five, monkeypatch):
    now = timezone.now()
    article = ArticleFactory(
        team=team,
        title="Widget guide",
        body_markdown="widget",
        created_at=now - timedelta(days=6, hours=12),  # between questions 4 and 3
        last_activity_at=now,
    )
    bound(monkeypatch, 3)
    body = search(client, team, query="widget", sort="newest")
    assert keys(body) == [ids(five, [4])[0], ("article", article.pk), ids(five, [3])[0]]
    assert body["totalCount"] == 3


def test_a_full_window_costs_no_extra_query(client, team, five, monkeypatch):
    def count(limit):
        bound(monkeypatch, limit)
        with CaptureQueriesContext(connection) as ctx:
            search(client, team, query="widget")
        return len(ctx.captured_queries)

    search(client, team, query="widget")  # first use of the token
    assert count(2) == count(50)


@pytest.fixture
def ranked(team):
    """Questions and articles that rank differently for "kubernetes": in the title
    (weight A) or only the body (B) or only an answer (C), once or repeatedly, in both
    kinds; ages unrelated to rank."""
    now = timezone.now()
    texts = [
        ("question", "Kubernetes", "kubernetes kubernetes kubernetes", None),
        ("question", "Pods", "A kubernetes question.", None),
        ("question", "Clusters", "Nothing here.", "Use kubernetes."),
        ("question", "Kubernetes ingress", "Routing.", "kubernetes again"),
        ("article", "Kubernetes kubernetes guide", "kubernetes", None),
        ("article", "Runbook", "Restart kubernetes nodes.", None),
        ("question", "Deployments", "kubernetes kubernetes rollouts", None),
        ("article", "Policy", "Nothing about it.", None),  # no match
        ("question", "Kubernetes", "Kubernetes.", "kubernetes"),
    ]
    made = []
    for i, (kind, title, body, answer) in enumerate(texts):
        when = now - timedelta(hours=(i * 7) % 11 + i)
        if kind == "article":
            made.append(
                ArticleFactory(
                    team=team,
                    title=title,
                    body_markdown=body,
                    created_at=when,
                    last_activity_at=when,
                )
            )
        else:
            question = QuestionFactory(
                team=team, title=title, body_markdown=body, created_at=when, last_activity_at=when
            )
            if answer:
                AnswerFactory(question=question, body_markdown=answer)
            made.append(question)
    return made


def ts_rank_order(team, *, newest: int | None = None):
    """(kind, id) of the team's matches for "kubernetes" by PostgreSQL's ts_rank over the
    stored documents (ties: the higher id first), optionally among the `newest` only."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT kind, id FROM (
                SELECT 'question' AS kind, id, created_at, search_vector AS v
                FROM content_question WHERE team_id = %s
                UNION ALL
                SELECT 'article', id, created_at, search_vector
                FROM content_article WHERE team_id = %s
            ) AS posts, websearch_to_tsquery('english', 'kubernetes') AS q
            WHERE v @@ q
            ORDER BY created_at DESC, id DESC
            LIMIT %s
            """,
            [team.pk, team.pk, newest],
        )
        window = cursor.fetchall()
        cursor.execute(
            """
            SELECT kind, id FROM (
                SELECT 'question' AS kind, id, search_vector AS v FROM content_question
                UNION ALL
                SELECT 'article', id, search_vector FROM content_article
            ) AS posts, websearch_to_tsquery('english', 'kubernetes') AS q
            WHERE (kind, id) IN (SELECT * FROM unnest(%s::text[], %s::bigint[]))
            ORDER BY ts_rank(v, q) DESC, id DESC
            """,
            [[k for k, _ in window], [i for _, i in window]],
        )
        return cursor.fetchall()


@on_postgres
def test_relevance_is_ts_rank_over_every_match_below_the_bound(client, team, ranked):
    expected = ts_rank_order(team)
    assert len(expected) == 8
    body = search(client, team, query="kubernetes", pageSize=100)
    assert keys(body) == expected
    assert body["totalCount"] == 8
    paged = [
        key
        for page in (1, 2, 3)
        for key in keys(search(client, team, query="kubernetes", pageSize=3, page=page))
    ]
    assert paged == expected
    # weights count: the article with the word twice in its title first, the question that
    # has it only in an answer last
    assert expected[0] == ("article", ranked[4].pk)
    assert expected[-1] == ("question", ranked[2].pk)


@on_postgres
def test_relevance_ranks_the_newest_matches_when_there_are_more(client, team, ranked, monkeypatch):
    bound(monkeypatch, 4)
    expected = ts_rank_order(team, newest=4)
    body = search(client, team, query="kubernetes", pageSize=100)
    assert keys(body) == expected
    assert body["totalCount"] == 4
    everything = ts_rank_order(team)
    assert expected != everything[:4]  # the bound did change what is served here …
    assert [k for k in everything if k in expected] == expected  # … not how it is ordered


# --- API v2.3 `/search/advanced?q=`: the same bound ---------------------------------------


@pytest.fixture
def v2(team):
    from tests.factories import MembershipFactory, make_token

    from .v2_support import v2_client

    _, code = make_token(user=MembershipFactory(team=team).user, team=team)
    return v2_client(code)


def v2_search(v2, **params):
    from .v2_support import made_filter

    params = {"q": "widget", "filter": made_filter(".total"), **params}
    response = v2.get("/api/2.3/search/advanced", params)
    assert response.status_code == HTTPStatus.OK, response.content
    body = response.json()
    return body["total"], [item["question_id"] for item in body["items"]], body["has_more"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"sort": "creation"}, [4, 3, 2]),
        ({"sort": "votes"}, [0, 2, 4]),
        ({"sort": "votes", "order": "asc"}, [1, 3, 4]),
        # the range first, then the window: active in the last 2.5 days
        ({"sort": "activity", "min": int(timezone.now().timestamp()) - 60 * 60 * 60}, [2, 4]),
    ],
)
def test_v2_search_advanced_serves_the_first_matches_in_its_order(
    v2, five, monkeypatch, params, expected
):
    bound(monkeypatch, 3)
    total, found, has_more = v2_search(v2, **params)
    assert (total, found, has_more) == (len(expected), [five[i].pk for i in expected], False)


def test_v2_search_advanced_pages_end_at_the_bound(v2, five, monkeypatch):
    bound(monkeypatch, 3)
    assert v2_search(v2, sort="creation", pagesize=2) == (3, [five[4].pk, five[3].pk], True)
    assert v2_search(v2, sort="creation", pagesize=2, page=2) == (3, [five[2].pk], False)
    bound(monkeypatch, 5)
    assert v2_search(v2, sort="creation")[0] == 5
    assert v2_search(v2, sort="creation", q="widget -question")[0] == 0


@on_postgres
def test_v2_relevance_ranks_the_newest_matches(v2, team, ranked, monkeypatch):
    bound(monkeypatch, 4)
    by_rank = [pk for kind, pk in ts_rank_order(team) if kind == "question"]
    questions = [q for q in ranked if q._meta.model_name == "question" and q.pk in by_rank]
    newest = {q.pk for q in sorted(questions, key=lambda q: q.created_at, reverse=True)[:4]}
    total, found, has_more = v2_search(v2, q="kubernetes", sort="relevance")
    # the four newest matching questions (v2.3 searches questions only), by ts_rank
    assert (total, found, has_more) == (4, [pk for pk in by_rank if pk in newest], False)
    assert found != by_rank[:4]


def test_the_page_says_when_the_bound_cut_the_list(team, five, monkeypatch):
    from accounts.models import User
    from content.selectors import content_search

    user = User.objects.first()
    bound(monkeypatch, 5)
    assert not content_search(team=team, user=user, query="widget", page=1, page_size=2).truncated
    bound(monkeypatch, 4)
    page = content_search(team=team, user=user, query="widget", page=3, page_size=2)
    assert (page.truncated, page.total_count, page.items) == (True, 4, [])


def test_the_web_page_says_more_than_the_bound(login, team, member, five, monkeypatch):
    from content import urls_paths

    bound(monkeypatch, 3)
    html = login(member).get(urls_paths.search_path(team.slug), {"q": "widget"}).content
    assert "More than 3 results. Showing the 3 newest, by relevance: add words" in html.decode()
    bound(monkeypatch, 5)
    html = login(member).get(urls_paths.search_path(team.slug), {"q": "widget"}).content
    assert "5 results" in html.decode() and "More than" not in html.decode()

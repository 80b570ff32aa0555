"""Articles in `GET /search` (one ranked list with questions), and the query budgets of the
article endpoints: lists constant whatever the page size (at most 6 queries,
authentication included), details at most 5."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from content import services
from content.models import Article, ArticleVote
from teams.models import Membership
from tests.factories import (
    ArticleFactory,
    MembershipFactory,
    QuestionFactory,
    TeamFactory,
    UserGroupFactory,
)

pytestmark = pytest.mark.django_db

LIST_BUDGET = 6
DETAIL_BUDGET = 5
ROWS = 101
ARTICLE_RESULT_FIELDS = {
    "type", "articleId", "title", "snippet", "tags", "owner", "creationDate", "score",
    "webUrl", "viewCount", "articleType", "readTimeInMinutes",
}  # fmt: skip


def search(client, team, **params):
    response = client.get(reverse("api:search", kwargs={"team": team.slug}), params)
    assert response.status_code == HTTPStatus.OK, response.content
    return response.json()


def keys(body):
    return [(r["type"], r.get("questionId") or r.get("articleId")) for r in body["items"]]


@pytest.fixture
def reader(pat_client, team):
    client, token = pat_client(team=team)
    return client, token.user


@pytest.fixture
def mixed(team):
    """Two questions and two articles about Kubernetes, of distinct ages and scores, and
    one of another team."""
    now = timezone.now()
    q_old = QuestionFactory(
        team=team,
        title="Kubernetes rollbacks",
        body_markdown="How do I roll back?",
        score=2,
        created_at=now - timedelta(days=4),
        last_activity_at=now - timedelta(days=4),
    )
    a_mid = ArticleFactory(
        team=team,
        title="Our Kubernetes runbook",
        body_markdown="Steps for " + "every " * 450 + "deploy.",
        tags=["kubernetes", "ops"],
        type="howToGuide",
        score=7,
        created_at=now - timedelta(days=3),
        last_activity_at=now - timedelta(days=1),
    )
    q_new = QuestionFactory(
        team=team,
        title="Pod limits",
        body_markdown="Kubernetes pods get killed.",
        score=1,
        created_at=now - timedelta(days=2),
        last_activity_at=now - timedelta(days=2),
    )
    a_new = ArticleFactory(
        team=team,
        title="Cluster policy",
        body_markdown="Every Kubernetes cluster is tagged.",
        type="policy",
        score=4,
        created_at=now - timedelta(days=1),
        last_activity_at=now - timedelta(days=3),
    )
    ArticleFactory(team=TeamFactory(), title="Kubernetes elsewhere")
    return q_old, a_mid, q_new, a_new


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["a_new", "q_new", "a_mid", "q_old"]),
        ("active", ["a_mid", "q_new", "a_new", "q_old"]),
        ("score", ["a_mid", "a_new", "q_old", "q_new"]),
    ],
)
def test_search_returns_questions_and_articles_in_one_list(reader, team, mixed, sort, expected):
    q_old, a_mid, q_new, a_new = mixed
    named = {
        "q_old": ("question", q_old.pk),
        "a_mid": ("article", a_mid.pk),
        "q_new": ("question", q_new.pk),
        "a_new": ("article", a_new.pk),
    }
    body = search(reader[0], team, query="kubernetes", sort=sort)
    assert body["totalCount"] == 4
    assert keys(body) == [named[name] for name in expected]


def test_article_result_shape(reader, team, mixed):
    _, a_mid, _, _ = mixed
    body = search(reader[0], team, query="runbook")
    assert keys(body) == [("article", a_mid.pk)]
    item = body["items"][0]
    assert set(item) == ARTICLE_RESULT_FIELDS
    assert item["type"] == "article" and item["articleType"] == "howToGuide"
    assert item["webUrl"] == f"http://testserver/teams/{team.slug}/articles/{a_mid.pk}/"
    assert [t["name"] for t in item["tags"]] == ["kubernetes", "ops"]
    assert item["owner"]["id"] == a_mid.owner_id
    assert item["score"] == 7
    assert item["readTimeInMinutes"] == 3  # 453 words at 200 a minute


def test_search_pages_across_both_kinds(reader, team, mixed):
    everything = keys(search(reader[0], team, query="kubernetes", sort="newest"))
    pages = [
        keys(search(reader[0], team, query="kubernetes", sort="newest", pageSize=3, page=page))
        for page in (1, 2)
    ]
    assert pages[0] + pages[1] == everything
    assert len(pages[1]) == 1


def test_article_edits_and_deletion_are_searchable(reader, team, mixed):
    _, a_mid, _, _ = mixed
    services.article_update(
        article=a_mid,
        user=a_mid.owner,
        title="Helm charts",
        body="We use zanzibar.",
        tags=["helm"],
        type="howToGuide",
        editable_by="ownerOnly",
    )
    assert keys(search(reader[0], team, query="zanzibar")) == [("article", a_mid.pk)]
    assert ("article", a_mid.pk) not in keys(search(reader[0], team, query="runbook"))
    services.article_delete(article=a_mid, user=a_mid.owner)
    assert search(reader[0], team, query="zanzibar")["items"] == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full text only")
def test_relevance_ranks_articles_and_questions_together(reader, team, mixed):
    q_old, a_mid, _, _ = mixed
    ranked = keys(search(reader[0], team, query="kubernetes"))
    # title matches (weight A) before body matches (weight B), whatever the kind
    assert set(ranked[:2]) == {("question", q_old.pk), ("article", a_mid.pk)}
    assert Article.objects.filter(pk=a_mid.pk, search_vector__isnull=False).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'content_ar_search_gin'")
        (indexdef,) = cursor.fetchone()
    assert "gin (search_vector)" in indexdef.lower()


# --- Query budgets -----------------------------------------------------------------------


@pytest.fixture
def world(pat_client, team):
    """More articles than the biggest page, linked questions, comments, and an article with
    every kind of editor."""
    client, token = pat_client(team=team, can_write=True)
    caller = token.user
    editor = MembershipFactory(team=team, role=Membership.Role.ADMIN).user
    owners = [MembershipFactory(team=team).user for _ in range(5)]
    questions = [
        QuestionFactory(team=team, owner=owners[i % 5], title=f"Widget question {i}")
        for i in range(ROWS)
    ]
    links = " ".join(f"/questions/{q.pk}/" for q in questions)
    articles = [
        ArticleFactory(
            team=team,
            owner=owners[i % 5],
            title=f"Widget article {i}",
            body_markdown=f"About widgets. {links if i == 0 else ''}",
            tags=[f"tag{i % 7}", f"other{i % 3}"],
        )
        for i in range(ROWS)
    ]
    Article.objects.filter(team=team).update(last_editor=editor)
    ArticleVote.objects.bulk_create(ArticleVote(user=caller, article=a) for a in articles[::2])
    group = UserGroupFactory(team=team, members=owners[:3])
    empty_group = UserGroupFactory(team=team)
    first = articles[0]
    services.article_update(
        article=first,
        user=first.owner,
        title=first.title,
        body=first.body_markdown,
        tags=["tag0"],
        type="knowledgeArticle",
        editable_by="specificEditors",
        editor_user_ids=[o.pk for o in owners[3:]],
        editor_group_ids=[group.pk, empty_group.pk],
    )
    for i in range(5):
        services.comment_create(article=first, user=owners[i], body=f"Comment {i}")
    return client, first


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == HTTPStatus.OK, response.content
    return len(ctx.captured_queries), response.json()


def test_article_list_budgets_are_constant(world, team):
    client, article = world
    client.get(reverse("api:users-me", kwargs={"team": team.slug}))  # first use of the token
    lists = [
        (reverse("api:articles", kwargs={"team": team.slug}), {}),
        (reverse("api:articles", kwargs={"team": team.slug}), {"tagId": article.tags.get().pk}),
        (
            reverse(
                "api:article-linked-questions",
                kwargs={"team": team.slug, "articleId": article.pk},
            ),
            {},
        ),
        (reverse("api:search", kwargs={"team": team.slug}), {"query": "widget"}),
    ]
    for url, params in lists:
        small, small_body = _count(client, url, {**params, "pageSize": 1})
        large, large_body = _count(client, url, {**params, "pageSize": 100})
        assert len(small_body["items"]) == 1
        assert len(large_body["items"]) > 1
        assert small == large, (url, small, large)
        assert large <= LIST_BUDGET, (url, large)
    # a search page holding both kinds stays in budget too
    queries, body = _count(
        client,
        reverse("api:search", kwargs={"team": team.slug}),
        {"query": "widget", "sort": "newest", "pageSize": 100, "page": 2},
    )
    assert {item["type"] for item in body["items"]} == {"question", "article"}
    assert queries <= LIST_BUDGET


def test_article_detail_and_comment_budgets(world, team):
    client, article = world
    client.get(reverse("api:users-me", kwargs={"team": team.slug}))  # first use of the token
    detail = reverse("api:article-detail", kwargs={"team": team.slug, "articleId": article.pk})
    queries, body = _count(client, detail)
    assert len(body["permissions"]["editorUsers"]) == 2
    groups = body["permissions"]["editorUserGroups"]
    assert sorted(len(group["users"]) for group in groups) == [0, 3]
    assert queries <= DETAIL_BUDGET
    comments = reverse("api:article-comments", kwargs={"team": team.slug, "articleId": article.pk})
    queries, body = _count(client, comments)
    assert len(body) == 5
    assert queries <= DETAIL_BUDGET


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full text only")
def test_recount_builds_missing_article_search_documents(reader, team, mixed):
    from io import StringIO

    from django.core.management import call_command

    _, a_mid, _, _ = mixed
    Article.objects.filter(pk=a_mid.pk).update(search_vector=None)  # loaded behind our back
    assert search(reader[0], team, query="runbook")["items"] == []
    call_command("content_recount", "--team", team.slug, "--search", stdout=StringIO())
    assert keys(search(reader[0], team, query="runbook")) == [("article", a_mid.pk)]

"""`GET /search`: PostgreSQL full-text search, `icontains` elsewhere. Runs on both."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from content import services
from content.models import Question
from tests.factories import AnswerFactory, QuestionFactory, TeamFactory

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="PostgreSQL full text only (stored vectors, ranking, websearch syntax)",
)
RESULT_FIELDS = {
    "type", "questionId", "title", "snippet", "tags", "owner", "creationDate", "score",
    "webUrl", "answerCount", "hasAcceptedAnswer", "viewCount",
}  # fmt: skip


@pytest.fixture
def reader(pat_client, team):
    client, token = pat_client(team=team)
    return client, token.user


@pytest.fixture
def corpus(team):
    now = timezone.now()
    data = [
        ("Deploying with Kubernetes", "How do I roll back a deployment?", 2),
        ("Postgres connection pooling", "Should I use pgbouncer with Kubernetes pods?", 9),
        ("Rotate access tokens", "Our tokens expire every thirty days.", 4),
    ]
    made = []
    for i, (title, body, score) in enumerate(data):
        made.append(
            QuestionFactory(
                team=team,
                title=title,
                body_markdown=body,
                score=score,
                created_at=now - timedelta(days=3 - i),
                last_activity_at=now - timedelta(days=i),
            )
        )
    QuestionFactory(team=TeamFactory(), title="Kubernetes elsewhere", body_markdown="Kubernetes")
    return made


def search(client, team, **params):
    response = client.get(reverse("api:search", kwargs={"team": team.slug}), params)
    assert response.status_code == HTTPStatus.OK, response.content
    return response.json()


def test_search_finds_the_teams_questions_only(reader, team, corpus):
    body = search(reader[0], team, query="kubernetes")
    assert set(body) == {"totalCount", "pageSize", "page", "totalPages", "sort", "items"}
    assert body["sort"] == "relevance"
    assert {r["questionId"] for r in body["items"]} == {corpus[0].pk, corpus[1].pk}
    assert body["totalCount"] == 2
    item = next(r for r in body["items"] if r["questionId"] == corpus[1].pk)
    assert set(item) == RESULT_FIELDS
    assert item["type"] == "question"
    assert item["title"] == "Postgres connection pooling"
    assert item["snippet"] == "Should I use pgbouncer with Kubernetes pods?"
    assert (item["score"], item["answerCount"], item["hasAcceptedAnswer"]) == (9, 0, False)
    assert item["webUrl"] == f"http://testserver/teams/{team.slug}/questions/{corpus[1].pk}/"


def test_relevance_ranks_title_matches_first(reader, team, corpus):
    body = search(reader[0], team, query="kubernetes")
    if connection.vendor == "postgresql":
        # title (weight A) beats body (weight B)
        assert [r["questionId"] for r in body["items"]] == [corpus[0].pk, corpus[1].pk]
    else:
        # the fallback has no ranking: newest first
        assert [r["questionId"] for r in body["items"]] == [corpus[1].pk, corpus[0].pk]


@pytest.mark.parametrize(
    ("sort", "expected"), [("newest", [1, 0]), ("active", [0, 1]), ("score", [1, 0])]
)
def test_search_sorts(reader, team, corpus, sort, expected):
    body = search(reader[0], team, query="kubernetes", sort=sort)
    assert body["sort"] == sort
    assert [r["questionId"] for r in body["items"]] == [corpus[i].pk for i in expected]


def test_every_word_must_match(reader, team, corpus):
    body = search(reader[0], team, query="kubernetes pgbouncer")
    assert [r["questionId"] for r in body["items"]] == [corpus[1].pk]


def test_empty_or_unmatched_query_is_an_empty_page(reader, team, corpus):
    for query in ("", "   ", "zanzibar"):
        body = search(reader[0], team, query=query)
        assert (body["totalCount"], body["totalPages"], body["items"]) == (0, 1, [])


def test_paging(reader, team, corpus):
    body = search(reader[0], team, query="kubernetes", pagesize=1, page=2)
    assert (body["pageSize"], body["page"], body["totalPages"], len(body["items"])) == (1, 2, 2, 1)
    assert search(reader[0], team, query="kubernetes", pageSize=1, page=3)["items"] == []


@pytest.mark.parametrize(
    ("params", "field"),
    [({"sort": "best"}, "sort"), ({"query": "x" * 501}, "query"), ({"page": 0}, "page")],
)
def test_search_validation(reader, team, params, field):
    response = reader[0].get(reverse("api:search", kwargs={"team": team.slug}), params)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert field in response.json()["errors"]


def test_edits_are_searchable(reader, team, corpus):
    question = corpus[2]
    services.question_update(
        question=question, user=question.owner, title="Rotate secrets", body="vault", tags=["x"]
    )
    assert [r["questionId"] for r in search(reader[0], team, query="vault")["items"]] == [
        question.pk
    ]
    assert search(reader[0], team, query="thirty")["items"] == []


@on_postgres
def test_search_vector_is_stored_and_indexed(corpus):
    assert Question.objects.filter(pk=corpus[0].pk, search_vector__isnull=False).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'content_q_search_gin'")
        (indexdef,) = cursor.fetchone()
    assert "gin (search_vector)" in indexdef.lower()


@on_postgres
def test_websearch_syntax_and_stemming(reader, team, corpus):
    client = reader[0]
    assert [r["questionId"] for r in search(client, team, query="deployments")["items"]] == [
        corpus[0].pk
    ]  # stemmed: deployment ~ deployments
    excluded = search(client, team, query="kubernetes -pgbouncer")["items"]
    assert [r["questionId"] for r in excluded] == [corpus[0].pk]
    phrase = search(client, team, query='"connection pooling"')["items"]
    assert [r["questionId"] for r in phrase] == [corpus[1].pk]
    assert search(client, team, query="'\"&|!:*()")["items"] == []  # never a syntax error


def test_answers_make_their_question_findable(reader, team, corpus):
    answer = AnswerFactory(question=corpus[2], body_markdown="Use a vault with rotation.")
    found = search(reader[0], team, query="vault")["items"]
    assert [r["questionId"] for r in found] == [corpus[2].pk]
    services.answer_update(answer=answer, user=answer.owner, body="Use a keyring instead.")
    assert search(reader[0], team, query="vault")["items"] == []
    assert len(search(reader[0], team, query="keyring")["items"]) == 1
    services.answer_delete(answer=answer, user=answer.owner)
    assert search(reader[0], team, query="keyring")["items"] == []


@on_postgres
def test_a_match_in_the_question_outranks_a_match_in_an_answer(reader, team, corpus):
    AnswerFactory(question=corpus[2], body_markdown="Roll back the deployment first.")
    found = search(reader[0], team, query="rolling back deployment")["items"]
    assert [r["questionId"] for r in found] == [corpus[0].pk, corpus[2].pk]


def test_snippets_are_cut_at_200_characters(reader, team):
    exact = QuestionFactory(team=team, title="Exact", body_markdown="gizmo " + "e" * 194)
    long = QuestionFactory(team=team, title="Long", body_markdown="gizmo " + "l" * 300)
    items = {r["questionId"]: r["snippet"] for r in search(reader[0], team, query="gizmo")["items"]}
    assert items[exact.pk] == "gizmo " + "e" * 194  # 200 characters: whole
    assert len(items[long.pk]) == 200 and items[long.pk].endswith("…")
    assert items[long.pk].startswith("gizmo " + "l" * 100)


def test_results_are_rendered_as_their_serializers_render_them(reader, team, rf):
    """The search page builds each result's dict directly (for speed); the declared
    serializers (the document's shapes) must give the very same."""
    from content.api_v3.serializers.search import (
        ArticleSearchResultSerializer,
        QuestionSearchResultSerializer,
        SearchResultSerializer,
    )
    from content.selectors import content_search
    from tests.factories import ArticleFactory

    question = QuestionFactory(
        team=team, title="Gizmo", body_markdown="gizmo **bold** " + "x" * 300, tags=["a", "b"]
    )
    accepted = AnswerFactory(question=question, body_markdown="gizmo answer")
    Question.objects.filter(pk=question.pk).update(accepted_answer=accepted)
    ArticleFactory(team=team, title="Gizmo guide", body_markdown="gizmo " * 450, tags=["c"])
    ownerless = QuestionFactory(team=team, title="Gizmo two", body_markdown="short gizmo")
    Question.objects.filter(pk=ownerless.pk).update(owner=None)  # a deleted account
    page = content_search(team=team, user=reader[1], query="gizmo", page=1, page_size=10)
    assert len(page.items) == 3
    request = rf.get("/")
    request.team = team  # as the gate sets it: webUrls are the team's pages
    direct = SearchResultSerializer(page.items, many=True, context={"request": request}).data
    for post, data in zip(page.items, direct, strict=True):
        declared = (
            QuestionSearchResultSerializer
            if isinstance(post, Question)
            else ArticleSearchResultSerializer
        )
        assert data == declared(post, context={"request": request}).data
    assert {d["type"] for d in direct} == {"question", "article"}
    assert any(d["owner"] is None for d in direct)
    assert any(d["hasAcceptedAnswer"] for d in direct if d["type"] == "question")

"""API v2.3 articles: `/articles`, `/articles/{ids}`, `/articles/add`,
`/articles/{id}/edit`."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from content.api_v2 import filters as v2filters
from content.api_v2.articles import ArticleShape
from content.api_v2.base import BODY_NOT_AN_OBJECT_MESSAGE
from content.models import TAG_NAME_MESSAGE, Article
from content.services import ARTICLE_EDIT_NOT_ALLOWED_MESSAGE
from teams.models import Membership
from teams.plans import Plan
from tests.content.test_v2_foundation import error, v2_client
from tests.factories import ArticleFactory, MembershipFactory, TeamFactory, make_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(team):
    return MembershipFactory(team=team).user


@pytest.fixture
def writer(author, team):
    _, code = make_token(user=author, team=team, can_write=True)
    return v2_client(code)


def ids(response) -> list[int]:
    return [item["article_id"] for item in response.json()["items"]]


def test_the_shape_renders_only_registered_fields():
    assert set(ArticleShape.fields) <= set(v2filters.FIELDS["article"])


def test_default_fields_and_body_when_included(writer, author, team):
    article = ArticleFactory(team=team, owner=author, tags=["widgets", "howto"], type="policy")
    item = writer.get(f"/api/2.3/articles/{article.pk}").json()["items"][0]
    assert item["article_id"] == article.pk
    assert item["article_type"] == "policy"
    assert item["tags"] == ["howto", "widgets"]
    assert item["owner"]["user_id"] == author.pk
    assert item["creation_date"] == int(article.created_at.timestamp())
    assert item["link"].endswith(f"/articles/{article.pk}/")
    assert "body" not in item
    body = writer.get(f"/api/2.3/articles/{article.pk}", {"filter": "withbody"}).json()
    assert "<code" in body["items"][0]["body"]


def test_sorts_tagged_dates_and_paging(writer, author, team):
    a = ArticleFactory(team=team, owner=author, tags=["x", "y"], score=5)
    b = ArticleFactory(team=team, owner=author, tags=["x"], score=1)
    c = ArticleFactory(team=team, owner=author, tags=["z"], score=3)
    Article.objects.filter(pk=a.pk).update(created_at=datetime(2020, 1, 1, tzinfo=UTC))
    assert ids(writer.get("/api/2.3/articles", {"sort": "votes"})) == [a.pk, c.pk, b.pk]
    assert ids(writer.get("/api/2.3/articles", {"sort": "votes", "min": 2, "max": 4})) == [c.pk]
    assert ids(writer.get("/api/2.3/articles", {"sort": "creation", "order": "asc"}))[0] == a.pk
    assert sorted(ids(writer.get("/api/2.3/articles", {"tagged": "x"}))) == [a.pk, b.pk]
    assert ids(writer.get("/api/2.3/articles", {"tagged": "x;y"})) == [a.pk]
    cut = int(datetime(2021, 1, 1, tzinfo=UTC).timestamp())
    assert a.pk not in ids(writer.get("/api/2.3/articles", {"fromdate": cut}))
    page = writer.get("/api/2.3/articles", {"pagesize": 2}).json()
    assert len(page["items"]) == 2 and page["has_more"] is True
    other = ArticleFactory(team=TeamFactory())
    assert ids(writer.get(f"/api/2.3/articles/{a.pk};{other.pk}")) == [a.pk]
    error(writer.get("/api/2.3/articles", {"sort": "hot"}), 400, "bad_parameter")


def test_query_budgets(writer, author, team):
    for i in range(30):
        ArticleFactory(team=team, owner=author, tags=[f"t{i}", "shared"])
    writer.get("/api/2.3/info")  # the token's `last_used_at` is refreshed once a minute
    counts = []
    for size in (1, 30):
        with CaptureQueriesContext(connection) as queries:
            body = writer.get("/api/2.3/articles", {"pagesize": size, "filter": "withbody"})
        assert len(body.json()["items"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6, counts
    first = Article.objects.order_by("pk").first()
    with CaptureQueriesContext(connection) as queries:
        writer.get(f"/api/2.3/articles/{first.pk}", {"filter": "withbody"})
    assert len(queries) <= 5


def test_add_with_tags_in_any_separator(writer, author, team):
    response = writer.post(
        "/api/2.3/articles/add",
        {
            "title": "Deploys",
            "body": "Run **make**.",
            "tags": "ops;deploy, ci",
            "article_type": "how-to-guide",
        },
    )
    assert response.status_code == 200, response.content
    item = response.json()["items"][0]
    article = Article.objects.get(pk=item["article_id"])
    assert article.owner == author and article.type == Article.Type.HOW_TO_GUIDE
    assert sorted(item["tags"]) == ["ci", "deploy", "ops"]
    assert item["article_type"] == "how-to-guide"


def test_preview_validates_without_saving(writer):
    response = writer.post(
        "/api/2.3/articles/add",
        {"title": "Draft", "body": "Text", "tags": "ops", "preview": "true", "filter": "withbody"},
    )
    assert response.status_code == 200
    item = response.json()["items"][0]
    assert item["title"] == "Draft" and item["tags"] == ["ops"] and "<p>Text</p>" in item["body"]
    assert "article_id" not in item
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("form", "parameter"),
    [
        ({"title": "T", "body": "B", "tags": "bad!tag"}, "tags"),
        ({"title": "T", "body": "B", "tags": ""}, "tags"),
        ({"title": "T", "body": "B", "tags": "a b c d e f"}, "tags"),
        ({"body": "B", "tags": "ok"}, "title"),
        ({"title": "T", "body": "B", "tags": "ok", "article_type": "essay"}, "article_type"),
        ({"title": "T", "body": "B", "tags": "ok", "preview": "maybe"}, "preview"),
    ],
)
def test_bad_forms_name_the_parameter(writer, form, parameter):
    message = error(writer.post("/api/2.3/articles/add", form), 400, "bad_parameter")
    assert message.startswith(f"{parameter}:")
    if form.get("tags") == "bad!tag":
        assert TAG_NAME_MESSAGE in message
    assert not Article.objects.exists()


@pytest.mark.parametrize("body", [[None, None], "title", 1])
def test_a_json_body_that_is_no_object_is_a_400_not_a_500(writer, author, team, body):
    """Found by schemathesis on the v2.3 document (`[null, null]` → TypeError)."""
    article = ArticleFactory(team=team, owner=author)
    for path in ("/api/2.3/articles/add", f"/api/2.3/articles/{article.pk}/edit"):
        response = writer.post(path, body, format="json")
        assert error(response, 400, "bad_parameter") == BODY_NOT_AN_OBJECT_MESSAGE


def test_edit_by_the_owner_keeps_permissions(writer, author, team):
    article = ArticleFactory(team=team, owner=author, editable_by="everyone", type="policy")
    response = writer.post(
        f"/api/2.3/articles/{article.pk}/edit", {"title": "New", "body": "New body", "tags": "a b"}
    )
    assert response.status_code == 200, response.content
    article.refresh_from_db()
    assert (article.title, article.type, article.editable_by) == ("New", "policy", "everyone")
    assert (
        response.json()["items"][0]["last_edit_date"]
        >= response.json()["items"][0]["creation_date"]
    )


def test_edit_preview_changes_nothing(writer, author, team):
    article = ArticleFactory(team=team, owner=author, title="Old")
    response = writer.post(
        f"/api/2.3/articles/{article.pk}/edit",
        {"title": "New", "body": "B", "tags": "a", "preview": "true"},
    )
    assert response.json()["items"][0]["title"] == "New"
    article.refresh_from_db()
    assert article.title == "Old"


@pytest.mark.parametrize(
    ("role", "editable_by", "status"),
    [
        ("member", "ownerOnly", 403),
        ("member", "everyone", 200),
        ("admin", "ownerOnly", 200),
    ],
)
def test_who_may_edit(team, author, role, editable_by, status):
    article = ArticleFactory(team=team, owner=author, editable_by=editable_by)
    editor = MembershipFactory(team=team, role=role).user
    _, code = make_token(user=editor, team=team, can_write=True)
    response = v2_client(code).post(
        f"/api/2.3/articles/{article.pk}/edit", {"title": "T", "body": "B", "tags": "a"}
    )
    if status == 403:
        assert error(response, 403, "access_denied") == ARTICLE_EDIT_NOT_ALLOWED_MESSAGE
    else:
        assert response.status_code == 200


def test_edit_of_another_teams_article_is_not_found(writer):
    article = ArticleFactory(team=TeamFactory())
    response = writer.post(
        f"/api/2.3/articles/{article.pk}/edit", {"title": "T", "body": "B", "tags": "a"}
    )
    error(response, 404, "no_method")


# --- The permission table -------------------------------------------------------------

READS = ["/api/2.3/articles", "/api/2.3/articles/{article}"]
WRITES = ["/api/2.3/articles/add", "/api/2.3/articles/{article}/edit"]


@pytest.mark.parametrize("path", READS + WRITES)
@pytest.mark.parametrize(
    "case", ["own", "own_with_team", "anonymous", "other_team", "free", "read_only"]
)
def test_permission_table(team, path, case):
    user = MembershipFactory(team=team, role=Membership.Role.MEMBER).user
    article = ArticleFactory(team=team, owner=user)
    other = TeamFactory()
    MembershipFactory(team=other, user=user)
    write = path in WRITES
    _, code = make_token(user=user, team=team, can_write=case != "read_only")
    client, query = v2_client(code), ""
    expected = 200
    if case == "own_with_team":
        query = f"?team={team.slug}"
    elif case == "anonymous":
        client, expected = APIClient(), 401
    elif case == "other_team":
        query, expected = f"?team={other.slug}", 403
    elif case == "free":
        team.plan = Plan.FREE
        team.save()
        expected = 403
    elif case == "read_only" and write:
        expected = 403
    url = path.format(article=article.pk) + query
    if write:
        response = client.post(url, {"title": "T", "body": "B", "tags": "a"})
    else:
        response = client.get(url)
    assert response.status_code == expected, response.content
    if expected == 200:
        assert response.json()["items"][0]["title"] in ("T", article.title)

"""API v2.3 tags: `/tags` and `/tags/{tags}/info`."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from content.api_v2 import filters as v2filters
from content.api_v2.tags import TagShape
from content.models import Question, Tag, TagSynonym
from teams.plans import Plan
from tests.content.test_v2_foundation import error, v2_client
from tests.factories import MembershipFactory, QuestionFactory, TeamFactory, make_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def caller(team):
    _, code = make_token(team=team)
    return v2_client(code)


def names(response) -> list[str]:
    return [item["name"] for item in response.json()["items"]]


def test_the_shape_renders_only_registered_fields():
    assert set(TagShape.fields) <= set(v2filters.FIELDS["tag"])


def test_default_fields(caller, team):
    QuestionFactory(team=team, tags=["python", "django"])
    QuestionFactory(team=team, tags=["python"])
    TagSynonym.objects.create(team=team, name="py", tag=Tag.objects.get(name="python"))
    items = caller.get("/api/2.3/tags").json()["items"]
    assert items[0] == {
        "count": 2,
        "has_synonyms": True,
        "is_moderator_only": False,
        "is_required": False,
        "name": "python",
    }
    assert items[1]["name"] == "django" and items[1]["has_synonyms"] is False


def test_synonyms_and_last_activity_when_included(caller, team):
    old = QuestionFactory(team=team, tags=["python"])
    Question.objects.filter(pk=old.pk).update(last_activity_at=datetime(2020, 1, 1, tzinfo=UTC))
    TagSynonym.objects.create(team=team, name="py", tag=Tag.objects.get(name="python"))
    flt = caller.get(
        "/api/2.3/filters/create", {"include": "tag.synonyms;tag.last_activity_date"}
    ).json()["items"][0]["filter"]
    item = caller.get("/api/2.3/tags", {"filter": flt}).json()["items"][0]
    assert item["synonyms"] == ["py"]
    assert item["last_activity_date"] == int(datetime(2020, 1, 1, tzinfo=UTC).timestamp())


def test_sorts_min_max_inname(caller, team):
    QuestionFactory(team=team, tags=["alpha", "beta"])
    QuestionFactory(team=team, tags=["beta"])
    recent = QuestionFactory(team=team, tags=["gamma"])
    Question.objects.exclude(pk=recent.pk).update(last_activity_at=datetime(2020, 1, 1, tzinfo=UTC))
    assert names(caller.get("/api/2.3/tags"))[0] == "beta"
    assert names(caller.get("/api/2.3/tags", {"sort": "name", "order": "asc"})) == [
        "alpha",
        "beta",
        "gamma",
    ]
    assert names(caller.get("/api/2.3/tags", {"sort": "activity"}))[0] == "gamma"
    assert names(caller.get("/api/2.3/tags", {"min": "2"})) == ["beta"]
    assert names(caller.get("/api/2.3/tags", {"inname": "AMM"})) == ["gamma"]
    cut = int(datetime(2021, 1, 1, tzinfo=UTC).timestamp())
    assert names(caller.get("/api/2.3/tags", {"sort": "activity", "min": cut})) == ["gamma"]
    error(caller.get("/api/2.3/tags", {"sort": "votes"}), 400, "bad_parameter")


def test_info_by_names_vector(caller, team):
    QuestionFactory(team=team, tags=["python", "django"])
    QuestionFactory(team=TeamFactory(), tags=["rust"])
    assert sorted(names(caller.get("/api/2.3/tags/Python;django;rust;nope/info"))) == [
        "django",
        "python",
    ]
    many = ";".join(f"t{i}" for i in range(101))
    assert error(caller.get(f"/api/2.3/tags/{many}/info"), 400, "bad_parameter").startswith("tags:")


def test_paging(caller, team):
    QuestionFactory(team=team, tags=["a1", "a2", "a3"])
    body = caller.get("/api/2.3/tags", {"pagesize": 2}).json()
    assert len(body["items"]) == 2 and body["has_more"] is True
    body = caller.get("/api/2.3/tags", {"pagesize": 2, "page": 2}).json()
    assert len(body["items"]) == 1 and body["has_more"] is False


def test_query_budget_constant(caller, team):
    for i in range(20):
        QuestionFactory(team=team, tags=[f"tag{i}", "shared"])
    flt = caller.get(
        "/api/2.3/filters/create", {"include": "tag.synonyms;tag.last_activity_date;.total"}
    ).json()["items"][0]["filter"]
    counts = []
    for size in (1, 21):
        with CaptureQueriesContext(connection) as queries:
            body = caller.get(
                "/api/2.3/tags", {"pagesize": size, "filter": flt, "sort": "activity"}
            )
        assert len(body.json()["items"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 6, counts
    with CaptureQueriesContext(connection) as queries:
        caller.get("/api/2.3/tags/shared/info", {"filter": flt})
    assert len(queries) <= 5


@pytest.mark.parametrize("path", ["/api/2.3/tags", "/api/2.3/tags/python/info"])
@pytest.mark.parametrize(
    ("case", "status"),
    [("own", 200), ("own_with_team", 200), ("anonymous", 401), ("other_team", 403), ("free", 403)],
)
def test_permission_table(team, path, case, status):
    QuestionFactory(team=team, tags=["python"])
    user = MembershipFactory(team=team).user
    other = TeamFactory()
    MembershipFactory(team=other, user=user)
    _, code = make_token(user=user, team=team)
    client, params = v2_client(code), {}
    if case == "own_with_team":
        params["team"] = team.slug
    elif case == "anonymous":
        client = APIClient()
    elif case == "other_team":
        params["team"] = other.slug
    elif case == "free":
        team.plan = Plan.FREE
        team.save()
    response = client.get(path, params)
    assert response.status_code == status
    if status == 200:
        assert names(response) == ["python"]

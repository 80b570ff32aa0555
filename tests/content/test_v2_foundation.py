"""API v2.3 conventions every method shares: the team from `team=`, the wrapper, errors in
the v2 shape, filters (built in and created), paging and vector parameters, gzip."""

import gzip
import json
from http import HTTPStatus

import pytest
from rest_framework.test import APIClient

from content.api_v2 import filters as v2filters
from content.api_v2.errors import NO_METHOD_MESSAGE
from content.api_v2.params import (
    VECTOR_TOO_LONG,
    id_vector,
    paging,
)
from teams.plans import NO_API_ACCESS_MESSAGE, Plan
from tests.factories import MembershipFactory, QuestionFactory, TeamFactory, make_token
from tokens.errors import EXPIRED_TOKEN_MESSAGE, WRONG_TEAM_MESSAGE

pytestmark = pytest.mark.django_db


def v2_client(code: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_X_API_ACCESS_TOKEN=code)
    return client


@pytest.fixture
def caller(team):
    _, code = make_token(team=team)
    return v2_client(code)


def error(response, status: int, name: str) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["error_name"] == name
    assert set(body) == {"error_id", "error_name", "error_message"}
    return body["error_message"]


def test_the_wrapper_of_the_default_filter(caller, team):
    QuestionFactory(team=team)
    body = caller.get("/api/2.3/info").json()
    assert set(body) == {"items", "has_more", "quota_max", "quota_remaining"}
    assert body["items"][0]["total_questions"] == 1
    assert body["quota_max"] == 10_000
    assert caller.get("/api/2.3/info").json()["quota_remaining"] == body["quota_remaining"] - 1


def test_team_from_the_query_or_the_token(caller, team):
    QuestionFactory(team=team)
    with_team = caller.get("/api/2.3/info", {"team": team.slug}).json()
    without = caller.get("/api/2.3/info").json()
    assert with_team["items"] == without["items"]


def test_another_teams_slug_is_access_denied(team):
    other = TeamFactory()
    member_of_both = MembershipFactory(team=team).user
    MembershipFactory(team=other, user=member_of_both)
    _, code = make_token(user=member_of_both, team=team)
    response = v2_client(code).get("/api/2.3/info", {"team": other.slug})
    assert error(response, 403, "access_denied") == WRONG_TEAM_MESSAGE


def test_a_team_the_user_is_not_in_is_a_404(caller):
    error(caller.get("/api/2.3/info", {"team": TeamFactory().slug}), 404, "no_method")


def test_a_team_downgraded_to_free_is_access_denied(team):
    _, code = make_token(team=team)
    team.plan = Plan.FREE
    team.save()
    response = v2_client(code).get("/api/2.3/info")
    assert error(response, 403, "access_denied") == NO_API_ACCESS_MESSAGE


def test_no_token_and_a_bad_or_expired_token(team):
    error(APIClient().get("/api/2.3/info"), 401, "access_token_required")
    error(v2_client("tspat_nonsense").get("/api/2.3/info"), 401, "invalid_access_token")
    _, code = make_token(team=team, expires_in_days=7)
    from tokens.models import PersonalAccessToken

    PersonalAccessToken.objects.update(expires_at="2000-01-01T00:00:00Z")
    message = error(v2_client(code).get("/api/2.3/info"), 401, "invalid_access_token")
    assert message == EXPIRED_TOKEN_MESSAGE
    assert "expired" in message


def test_unknown_methods_are_no_method_never_html(caller):
    for path in ("/api/2.3/nothing", "/api/2.3/questions/x/y/z", "/api/2.3/"):
        assert error(caller.get(path), 404, "no_method") == NO_METHOD_MESSAGE


def test_gzip_when_accepted(caller):
    response = caller.get("/api/2.3/filters/default", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert response["Content-Encoding"] == "gzip"
    body = json.loads(gzip.decompress(response.content))
    assert body["items"][0]["filter"] == "default"
    plain = caller.get("/api/2.3/filters/default")
    assert "Content-Encoding" not in plain


def test_created_filters_round_trip_and_are_short(caller):
    body = caller.get(
        "/api/2.3/filters/create",
        {
            "include": "question.body;question.answers;answer.comments;.total;user.email",
            "exclude": "question.title",
            "base": "default",
        },
    ).json()
    created = body["items"][0]
    assert created["filter"].startswith("!")
    assert len(created["filter"]) < 120
    fields = set(created["included_fields"])
    assert {"question.body", "question.answers", ".total", "user.email"} <= fields
    assert "question.title" not in fields
    described = caller.get(f"/api/2.3/filters/{created['filter']}").json()["items"][0]
    assert described == created


def test_a_created_filter_is_the_same_everywhere():
    # No state: parsing needs nothing but the string (any worker, after any restart).
    made = v2filters.filter_create(
        base="withbody", include=["question.comments"], exclude=[], unsafe=True
    )
    parsed = v2filters.filter_parse(made.name)
    assert parsed.fields == made.fields
    assert parsed.unsafe is True


@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"include": "question.nonsense"}, "include"),
        ({"base": "!!!"}, "base"),
        ({"unsafe": "maybe"}, "unsafe"),
    ],
)
def test_bad_filter_requests_are_bad_parameters(caller, params, parameter):
    message = error(caller.get("/api/2.3/filters/create", params), 400, "bad_parameter")
    assert message.startswith(f"{parameter}:")


def test_the_none_filter_leaves_nothing(caller, team):
    assert caller.get("/api/2.3/info", {"filter": "none"}).json() == {}


def test_a_filter_that_is_no_filter(caller):
    message = error(caller.get("/api/2.3/info", {"filter": "!garbage"}), 400, "bad_parameter")
    assert message.startswith("filter:")


def test_paging_and_vectors_name_the_parameter():
    assert paging({}).page_size == 30
    assert paging({"page": "2", "pagesize": "0"}).page_size == 0
    for params, name in (
        ({"page": "0"}, "page"),
        ({"pagesize": "101"}, "pagesize"),
        ({"pagesize": "x"}, "pagesize"),
    ):
        with pytest.raises(Exception) as caught:
            paging(params)
        assert name in caught.value.detail
    assert id_vector("ids", "3;1;3") == [3, 1]
    with pytest.raises(Exception) as caught:
        id_vector("ids", ";".join(str(i) for i in range(1, 102)))
    assert caught.value.detail == {"ids": [VECTOR_TOO_LONG]}


def test_a_read_only_token_writing_is_access_denied(caller):
    # The gate refuses an unsafe method of a read-only token before the view is reached.
    response = caller.post("/api/2.3/info")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json()["error_name"] == "access_denied"


def test_team_in_a_write_form_body_is_checked_too(team):
    other = TeamFactory()
    member_of_both = MembershipFactory(team=team).user
    MembershipFactory(team=other, user=member_of_both)
    _, code = make_token(user=member_of_both, team=team, can_write=True)
    response = v2_client(code).post("/api/2.3/info", {"team": other.slug}, format="multipart")
    assert error(response, 403, "access_denied") == WRONG_TEAM_MESSAGE

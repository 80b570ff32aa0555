"""An API application's key alone: read-only, its team only, Enterprise only, when allowed."""

from http import HTTPStatus

import pytest
from rest_framework.test import APIClient

from teams.plans import NO_API_APPLICATIONS_MESSAGE, Plan
from tests.factories import QuestionFactory, TagFactory, TeamFactory
from tokens import codes
from tokens.errors import INVALID_TOKEN_MESSAGE, READ_ONLY_TOKEN_MESSAGE
from tokens.oauth.selectors import application_key_get_for_authentication
from tokens.oauth.services import api_application_update
from tokens.throttling import BUCKET_CALLS_LEFT

pytestmark = pytest.mark.django_db


@pytest.fixture
def keyed(make_app, enterprise_team, team_member):
    QuestionFactory(team=enterprise_team, owner=team_member, title="Who owns the pager?")
    api_application, _, key = make_app(key_allowed=True)
    assert key.startswith("tsak_")
    return api_application, key


def _client(key) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=key)
    return client


def test_key_reads_questions_tags_on_v3_and_v2(keyed, enterprise_team):
    _api_application, key = keyed
    TagFactory(team=enterprise_team, name="oncall")
    client = _client(key)
    questions = client.get(f"/api/v3/teams/{enterprise_team.slug}/questions")
    assert questions.status_code == HTTPStatus.OK, questions.content
    assert [q["title"] for q in questions.json()["items"]] == ["Who owns the pager?"]
    tags = client.get(f"/api/v3/teams/{enterprise_team.slug}/tags")
    assert tags.status_code == HTTPStatus.OK, tags.content
    v2 = APIClient().get("/api/2.3/questions", {"team": enterprise_team.slug, "key": key})
    assert v2.status_code == HTTPStatus.OK, v2.content
    assert [q["title"] for q in v2.json()["items"]] == ["Who owns the pager?"]


def test_key_never_writes(keyed, enterprise_team):
    _, key = keyed
    response = _client(key).post(
        f"/api/v3/teams/{enterprise_team.slug}/questions",
        {"title": "A question from a key", "body": "Body " * 10, "tags": ["x"]},
        format="json",
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json()["detail"] == READ_ONLY_TOKEN_MESSAGE


def test_key_sees_no_email_addresses(keyed, enterprise_team):
    _, key = keyed
    response = _client(key).get(f"/api/v3/teams/{enterprise_team.slug}/users")
    assert response.status_code == HTTPStatus.OK, response.content
    items = response.json()["items"]
    assert items
    assert all(item.get("email") is None for item in items)


def test_key_only_for_its_team_and_only_on_enterprise(keyed, enterprise_team):
    _, key = keyed
    other = TeamFactory(plan=Plan.ENTERPRISE)
    assert _client(key).get(f"/api/v3/teams/{other.slug}/questions").status_code == 404
    enterprise_team.plan = Plan.BUSINESS
    enterprise_team.save()
    response = _client(key).get(f"/api/v3/teams/{enterprise_team.slug}/questions")
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json()["detail"] == NO_API_APPLICATIONS_MESSAGE


def test_key_stops_when_no_longer_allowed(keyed, enterprise_team, team_admin):
    api_application, key = keyed
    api_application_update(
        api_application=api_application,
        actor=team_admin,
        name=api_application.application.name,
        redirect_uris=api_application.application.redirect_uris,
        key_allowed=False,
    )
    response = _client(key).get(f"/api/v3/teams/{enterprise_team.slug}/questions")
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json()["detail"] == INVALID_TOKEN_MESSAGE


def test_malformed_key_is_401_without_a_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = _client("tsak_nonsense").get("/api/v3/teams/any/questions")
    assert response.status_code == HTTPStatus.UNAUTHORIZED


def test_a_v2_key_of_another_kind_is_ignored(db):
    response = APIClient().get(
        "/api/2.3/questions", {"team": "any", "key": "U4DMV*8nvpm3EOpvf69Rxw(("}
    )
    assert response.status_code == HTTPStatus.UNAUTHORIZED  # no credentials at all
    assert "error=" not in response["WWW-Authenticate"]


def test_key_authentication_is_one_statement(keyed, django_assert_num_queries):
    api_application, key = keyed
    with django_assert_num_queries(1):
        found = application_key_get_for_authentication(digest=codes.digest(key))
        assert found.team.pk == api_application.team_id
        assert found.user.pk == api_application.key_user_id
    assert found.can_write is False


def test_each_key_has_its_own_rate_limit_bucket(keyed, make_app, enterprise_team):
    _, key = keyed
    _, _, other_key = make_app(name="Second app", key_allowed=True)
    url = f"/api/v3/teams/{enterprise_team.slug}/questions"
    first = _client(key).get(url)
    _client(key).get(url)
    other = _client(other_key).get(url)
    remaining = int(first[BUCKET_CALLS_LEFT])
    assert int(other[BUCKET_CALLS_LEFT]) == remaining  # a fresh bucket, not the first key's
    assert int(_client(key).get(url)[BUCKET_CALLS_LEFT]) == remaining - 2

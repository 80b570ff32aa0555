"""OAuth access tokens on the API: v3 and v2.3, scopes, one statement, hashed at rest."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.utils import timezone
from oauth2_provider.models import AccessToken, Grant, RefreshToken
from rest_framework.test import APIClient

from teams.models import Membership
from teams.plans import NO_API_APPLICATIONS_MESSAGE, Plan
from tests.factories import QuestionFactory
from tokens import codes
from tokens.credentials import OAuthAccessCredential
from tokens.errors import EXPIRED_TOKEN_MESSAGE, INVALID_TOKEN_MESSAGE, READ_ONLY_TOKEN_MESSAGE
from tokens.oauth.selectors import access_token_get_for_authentication
from tokens.oauth.validators import NO_EXPIRY_SECONDS

pytestmark = pytest.mark.django_db


def _v3(team, resource="questions"):
    return f"/api/v3/teams/{team.slug}/{resource}"


def test_access_token_reads_questions_on_v3_and_v2(oauth_client, enterprise_team, team_member):
    QuestionFactory(team=enterprise_team, owner=team_member, title="How do I deploy on Friday?")
    client, body = oauth_client()
    assert body["token_type"] == "Bearer"
    assert body["scope"] == "access_team"
    assert body["expires_in"] == 24 * 60 * 60

    v3 = client.get(_v3(enterprise_team))
    assert v3.status_code == HTTPStatus.OK, v3.content
    assert [q["title"] for q in v3.json()["items"]] == ["How do I deploy on Friday?"]

    v2 = APIClient().get(
        "/api/2.3/questions",
        {"team": enterprise_team.slug},
        HTTP_X_API_ACCESS_TOKEN=body["access_token"],
    )
    assert v2.status_code == HTTPStatus.OK, v2.content
    assert [q["title"] for q in v2.json()["items"]] == ["How do I deploy on Friday?"]


def test_read_scope_cannot_write_and_write_scope_can(oauth_client, enterprise_team):
    payload = {"title": "A question asked by a script", "body": "Body " * 10, "tags": ["ci"]}
    reader, _ = oauth_client(scope="access_team")
    refused = reader.post(_v3(enterprise_team), payload, format="json")
    assert refused.status_code == HTTPStatus.FORBIDDEN
    assert refused.json()["detail"] == READ_ONLY_TOKEN_MESSAGE
    assert 'scope="write_access"' in refused["WWW-Authenticate"]

    writer, _ = oauth_client(scope="access_team write_access")
    created = writer.post(_v3(enterprise_team), payload, format="json")
    assert created.status_code == HTTPStatus.CREATED, created.content


def test_token_reaches_only_its_applications_team(oauth_client, team_member):
    from tests.factories import TeamFactory

    other = TeamFactory(plan=Plan.ENTERPRISE)
    Membership.objects.create(user=team_member, team=other)
    client, _ = oauth_client()
    response = client.get(_v3(other))
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_below_enterprise_the_token_is_refused(oauth_client, enterprise_team):
    client, _ = oauth_client()
    enterprise_team.plan = Plan.BUSINESS
    enterprise_team.save()
    response = client.get(_v3(enterprise_team))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json()["detail"] == NO_API_APPLICATIONS_MESSAGE


def test_removed_member_and_inactive_user_are_refused(oauth_client, enterprise_team, team_member):
    client, _ = oauth_client()
    assert client.get(_v3(enterprise_team)).status_code == HTTPStatus.OK
    Membership.objects.filter(user=team_member, team=enterprise_team).delete()
    response = client.get(_v3(enterprise_team))
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json()["detail"] == INVALID_TOKEN_MESSAGE


def test_expired_token_is_401_and_no_expiry_lasts(oauth_client, enterprise_team):
    client, body = oauth_client()
    AccessToken.objects.update(expires=timezone.now() - timedelta(seconds=1))
    response = client.get(_v3(enterprise_team))
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json()["detail"] == EXPIRED_TOKEN_MESSAGE

    lasting, body = oauth_client(scope="access_team no_expiry")
    assert body["expires_in"] == NO_EXPIRY_SECONDS
    token = AccessToken.objects.get(token_checksum=codes.digest(body["access_token"]))
    assert token.expires > timezone.now() + timedelta(days=365 * 50)
    assert lasting.get(_v3(enterprise_team)).status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    "code",
    [
        "tsoat_garbage",
        "tsoat_" + "a" * 38,  # the right length, a wrong checksum
    ],
)
def test_malformed_codes_are_refused_without_a_query(code, django_assert_num_queries, db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {code}")
    with django_assert_num_queries(0):
        response = client.get("/api/v3/teams/any/questions")
    assert response.status_code == HTTPStatus.UNAUTHORIZED


def test_unknown_well_formed_code_is_401(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {codes.generate('tsoat_')}")
    response = client.get("/api/v3/teams/any/questions")
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json()["detail"] == INVALID_TOKEN_MESSAGE


def test_authentication_is_one_statement(obtain_token, django_assert_num_queries, team_member):
    body, api_application, _ = obtain_token(scope="access_team write_access")
    with django_assert_num_queries(1):
        found = access_token_get_for_authentication(digest=codes.digest(body["access_token"]))
        assert found.user.pk == team_member.pk
        assert found.team.pk == api_application.team_id
        assert found.team.allows_api_applications is True
    assert isinstance(found, OAuthAccessCredential)
    assert found.is_member is True
    assert found.can_write is True
    assert found.scopes == {"access_team", "write_access"}
    assert timezone.is_aware(found.expires_at)
    assert found.application_id == api_application.application_id


def test_database_never_holds_a_code(obtain_token):
    body, api_application, secret = obtain_token()
    access, refresh = body["access_token"], body["refresh_token"]
    everything = []
    with connection.cursor() as cursor:
        for model in (AccessToken, RefreshToken, Grant, type(api_application.application)):
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")
            everything += [str(value) for row in cursor.fetchall() for value in row]
    dump = "\n".join(everything)
    for code in (access, refresh, secret):
        assert code not in dump
    assert codes.digest(access) in dump  # what is stored instead
    assert AccessToken.objects.get().token == ""
    assert RefreshToken.objects.get().token == ""


def test_the_mcp_endpoint_takes_an_oauth_access_token(oauth_client):
    client, _ = oauth_client()
    response = client.post(
        "/mcp",
        {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}},
        format="json",
        HTTP_ACCEPT="application/json, text/event-stream",
        HTTP_MCP_PROTOCOL_VERSION="2025-11-25",
    )
    assert response.status_code == HTTPStatus.OK, response.content
    tools = response.json()["result"]["tools"]
    assert tools
    # A read-only token is offered the read-only tools only.
    assert all(tool["annotations"]["readOnlyHint"] for tool in tools)


def test_housekeeping_clears_expired_tokens_and_codes(obtain_token):
    from tokens.oauth.tasks import clear_expired_oauth_tokens

    spent, _, _ = obtain_token()
    renewable, _, _ = obtain_token()
    live, _, _ = obtain_token()
    digests = {
        name: codes.digest(body["access_token"])
        for name, body in (("spent", spent), ("renewable", renewable), ("live", live))
    }
    RefreshToken.objects.filter(access_token__token_checksum=digests["spent"]).delete()
    AccessToken.objects.exclude(token_checksum=digests["live"]).update(
        expires=timezone.now() - timedelta(seconds=1)
    )
    assert clear_expired_oauth_tokens.delay().get() == "1 expired OAuth tokens and codes cleared"
    # The expired token a refresh token can still renew stays; the one none can goes.
    left = set(AccessToken.objects.values_list("token_checksum", flat=True))
    assert left == {digests["renewable"], digests["live"]}

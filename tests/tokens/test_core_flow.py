"""The PAT core through the real HTTP stack: a smoke test of the contract."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from tokens.models import PersonalAccessToken

pytestmark = pytest.mark.django_db


def test_token_reads_users_me_in_its_team_and_without_the_team_part(pat_client, team):
    client, token = pat_client(team=team)
    for url in (reverse("api:users-me", kwargs={"team": team.slug}), reverse("api:users-me")):
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, response.content
        assert response.json()["id"] == token.user_id
        assert response["X-Token-Expires-At"] == token.expires_at.isoformat()


def test_only_the_digest_is_stored(make_pat):
    token, code = make_pat()
    stored = PersonalAccessToken.objects.filter(pk=token.pk).values()[0]
    assert code not in {str(v) for v in stored.values()}
    assert stored["digest"] == __import__("hashlib").sha256(code.encode()).hexdigest()


def test_deleted_token_is_refused_on_the_next_request(pat_client):
    client, _ = pat_client()
    assert client.get(reverse("api:me-token")).status_code == HTTPStatus.OK
    assert client.delete(reverse("api:me-token")).status_code == HTTPStatus.NO_CONTENT
    response = client.get(reverse("api:me-token"))
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response["Content-Type"] == "application/problem+json"
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


def test_errors_are_problem_json_for_api_clients_and_html_for_browsers(client, member, team):
    url = reverse("api:users-me", kwargs={"team": "no-such-team"})
    client.force_login(member)
    response = client.get(url, HTTP_ACCEPT="application/json")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == HTTPStatus.NOT_FOUND

    response = client.get(url, HTTP_ACCEPT="text/html")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response["Content-Type"].startswith("text/html")

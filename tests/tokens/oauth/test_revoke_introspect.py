"""RFC 7009 revocation and RFC 7662 introspection, as a client calls them."""

import base64
from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse
from oauth2_provider.models import AccessToken
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def _basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def _v3(client, team):
    return client.get(f"/api/v3/teams/{team.slug}/questions")


def test_client_revokes_its_access_token(obtain_token, enterprise_team):
    body, api_application, secret = obtain_token()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access_token']}")
    assert _v3(api, enterprise_team).status_code == HTTPStatus.OK
    response = Client().post(
        reverse("oauth2_provider:revoke-token"),
        {"token": body["access_token"], "token_type_hint": "access_token"},
        HTTP_AUTHORIZATION=_basic(api_application.application.client_id, secret),
    )
    assert response.status_code == HTTPStatus.OK
    assert _v3(api, enterprise_team).status_code == HTTPStatus.UNAUTHORIZED


def test_revoking_the_refresh_token_ends_its_access_token_too(obtain_token, enterprise_team):
    body, api_application, secret = obtain_token()
    response = Client().post(
        reverse("oauth2_provider:revoke-token"),
        {"token": body["refresh_token"]},
        HTTP_AUTHORIZATION=_basic(api_application.application.client_id, secret),
    )
    assert response.status_code == HTTPStatus.OK
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access_token']}")
    assert _v3(api, enterprise_team).status_code == HTTPStatus.UNAUTHORIZED


def test_another_client_cannot_revoke(obtain_token, make_app, enterprise_team):
    body, _, _ = obtain_token()
    other, other_secret, _ = make_app(name="Another app")
    Client().post(
        reverse("oauth2_provider:revoke-token"),
        {"token": body["access_token"]},
        HTTP_AUTHORIZATION=_basic(other.application.client_id, other_secret),
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access_token']}")
    assert _v3(api, enterprise_team).status_code == HTTPStatus.OK


def _introspect(api_application, secret, token):
    return Client().post(
        reverse("oauth2_provider:introspect"),
        {"token": token},
        HTTP_AUTHORIZATION=_basic(api_application.application.client_id, secret),
    )


def test_introspection_of_an_active_token(obtain_token, team_member):
    body, api_application, secret = obtain_token(scope="access_team write_access")
    response = _introspect(api_application, secret, body["access_token"])
    assert response.status_code == HTTPStatus.OK
    data = response.json()
    assert data["active"] is True
    assert set(data["scope"].split()) == {"access_team", "write_access"}
    assert data["client_id"] == api_application.application.client_id
    assert data["username"] == team_member.username
    assert data["exp"] > 0


def test_introspection_of_revoked_unknown_and_foreign_tokens(obtain_token, make_app):
    body, api_application, secret = obtain_token()
    other, other_secret, _ = make_app(name="Another app")
    assert _introspect(other, other_secret, body["access_token"]).json() == {"active": False}
    assert _introspect(api_application, secret, "tsoat_unknown").json() == {"active": False}
    AccessToken.objects.all().delete()
    assert _introspect(api_application, secret, body["access_token"]).json() == {"active": False}


def test_introspection_needs_client_credentials_and_a_post(obtain_token):
    body, api_application, _ = obtain_token()
    refused = Client().post(
        reverse("oauth2_provider:introspect"),
        {"token": body["access_token"]},
        HTTP_AUTHORIZATION=_basic(api_application.application.client_id, "tscs_wrong"),
    )
    assert refused.status_code in (HTTPStatus.UNAUTHORIZED, HTTPStatus.FORBIDDEN)
    in_url = Client().get(reverse("oauth2_provider:introspect"), {"token": body["access_token"]})
    assert in_url.status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.METHOD_NOT_ALLOWED)


def test_metadata_names_the_endpoints_and_only_code_with_s256(db):
    response = Client().get("/.well-known/oauth-authorization-server")
    assert response.status_code == HTTPStatus.OK
    data = response.json()
    assert data["authorization_endpoint"].endswith("/oauth/authorize/")
    assert data["token_endpoint"].endswith("/oauth/token/")
    assert data["revocation_endpoint"].endswith("/oauth/revoke_token/")
    assert data["introspection_endpoint"].endswith("/oauth/introspect/")
    assert data["response_types_supported"] == ["code"]
    assert data["code_challenge_methods_supported"] == ["S256"]
    assert set(data["grant_types_supported"]) == {"authorization_code", "refresh_token"}
    assert set(data["scopes_supported"]) == {"access_team", "write_access", "no_expiry"}


def test_protected_resource_metadata_names_the_authorization_server(db):
    data = Client().get("/.well-known/oauth-protected-resource").json()
    assert data["authorization_servers"] == ["http://testserver"]
    assert data["scopes_supported"] == ["access_team", "write_access", "no_expiry"]

"""Fixtures for API applications: an Enterprise team, its admin, a registered application,
and a token obtained through the real authorization endpoint (code + PKCE S256)."""

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from teams.models import Membership
from teams.plans import Plan
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tokens.oauth.services import api_application_create

REDIRECT_URI = "http://127.0.0.1:8765/callback"


def pkce_pair() -> tuple[str, str]:
    """A code verifier and its S256 challenge (RFC 7636 §4.1, §4.2)."""
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return verifier, base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@pytest.fixture
def enterprise_team(db):
    return TeamFactory(plan=Plan.ENTERPRISE)


@pytest.fixture
def team_admin(enterprise_team):
    return MembershipFactory(team=enterprise_team, role=Membership.Role.ADMIN).user


@pytest.fixture
def team_member(enterprise_team):
    return MembershipFactory(team=enterprise_team).user


@pytest.fixture
def make_app(enterprise_team, team_admin):
    """`api_application, secret, key = make_app(client_type=..., key_allowed=...)`."""

    def build(**kwargs):
        kwargs.setdefault("team", enterprise_team)
        kwargs.setdefault("actor", team_admin)
        kwargs.setdefault("name", "Reporting bot")
        kwargs.setdefault("redirect_uris", REDIRECT_URI)
        return api_application_create(**kwargs)

    return build


def authorize(client: Client, application, *, scope="access_team", challenge=None, **extra):
    """GET the consent page, then POST "Authorize": the redirect response (with its code)."""
    verifier, made_challenge = pkce_pair()
    params = {
        "response_type": "code",
        "client_id": application.client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": scope,
        "state": "xyz",
        "code_challenge": challenge or made_challenge,
        "code_challenge_method": "S256",
        **extra,
    }
    page = client.get(reverse("oauth2_provider:authorize"), params)
    assert page.status_code == 200, page.content
    form = page.context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["allow"] = "Authorize"
    response = client.post(reverse("oauth2_provider:authorize"), data)
    return response, verifier


def code_from(response) -> str:
    assert response.status_code == 302, response.content
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["state"] == ["xyz"]
    return query["code"][0]


def exchange(application, code, verifier, *, secret=None, redirect_uri=REDIRECT_URI):
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
        "client_id": application.client_id,
        "code_verifier": verifier,
    }
    if secret:
        data["client_secret"] = secret
    return Client().post(reverse("oauth2_provider:token"), data)


@pytest.fixture
def obtain_token(make_app, team_member):
    """`body, api_application, secret = obtain_token(scope=..., user=...)`: the token
    endpoint's JSON for a fresh application, after the user's consent."""

    def build(*, scope="access_team", user=None, app=None):
        api_application, secret, _ = app or make_app()
        client = Client()
        client.force_login(user or team_member)
        response, verifier = authorize(client, api_application.application, scope=scope)
        token = exchange(api_application.application, code_from(response), verifier, secret=secret)
        assert token.status_code == 200, token.content
        return token.json(), api_application, secret

    return build


@pytest.fixture
def oauth_client(obtain_token):
    """`client, body = oauth_client(scope=...)`: an API client sending the access token."""

    def build(**kwargs):
        body, _, _ = obtain_token(**kwargs)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access_token']}")
        return client, body

    return build


@pytest.fixture
def other_user(db):
    return UserFactory()

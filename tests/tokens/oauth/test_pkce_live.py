"""The whole PKCE dance with a standard OAuth client (Authlib) against the live server.

A browser session (requests) logs in and answers the consent page; Authlib builds the
authorization URL with an S256 challenge and exchanges the code with the verifier.
"""

import re
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session

from tests.factories import DEFAULT_PASSWORD, QuestionFactory

from .conftest import REDIRECT_URI, pkce_pair

pytestmark = pytest.mark.django_db(transaction=True)

HIDDEN_INPUT = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def _browser(live_server, user) -> requests.Session:
    session = requests.Session()
    login = f"{live_server.url}/users/login/"
    session.get(login, timeout=10)
    response = session.post(
        login,
        data={
            "username": user.username,
            "password": DEFAULT_PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        headers={"Referer": login},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == HTTPStatus.FOUND, response.text
    return session


def _consent(browser: requests.Session, url: str) -> requests.Response:
    """Open the consent page and press Authorize: the redirect (not followed)."""
    page = browser.get(url, timeout=10)
    assert page.status_code == HTTPStatus.OK, page.text
    fields = {name: value.replace("&amp;", "&") for name, value in HIDDEN_INPUT.findall(page.text)}
    fields["allow"] = "Authorize"
    return browser.post(
        url.split("?")[0], data=fields, headers={"Referer": url}, allow_redirects=False, timeout=10
    )


@pytest.fixture
def live(live_server, make_app, team_member, enterprise_team):
    QuestionFactory(team=enterprise_team, owner=team_member, title="Where are the runbooks?")
    api_application, _secret, _ = make_app(client_type="public")
    browser = _browser(live_server, team_member)
    yield {
        "server": live_server,
        "application": api_application.application,
        "browser": browser,
        "team": enterprise_team,
    }
    browser.close()


def _client(live, **kwargs) -> OAuth2Session:
    session = OAuth2Session(
        client_id=live["application"].client_id,
        redirect_uri=kwargs.pop("redirect_uri", REDIRECT_URI),
        scope="access_team",
        code_challenge_method="S256",
        token_endpoint_auth_method="none",  # a public client: PKCE, no secret
        **kwargs,
    )
    return session


def _authorize(live, client, verifier) -> str:
    url, _state = client.create_authorization_url(
        f"{live['server'].url}/oauth/authorize/", code_verifier=verifier
    )
    assert "code_challenge_method=S256" in url
    response = _consent(live["browser"], url)
    assert response.status_code == HTTPStatus.FOUND, response.text
    return response.headers["Location"]


def test_pkce_flow_then_v3_and_v2_then_refresh_rotates(live):
    client = _client(live)
    verifier = generate_token(48)
    callback = _authorize(live, client, verifier)
    assert callback.startswith(REDIRECT_URI + "?")
    token = client.fetch_token(
        f"{live['server'].url}/oauth/token/",
        authorization_response=callback,
        code_verifier=verifier,
    )
    assert token["access_token"].startswith("tsoat_")

    team = live["team"].slug
    v3 = client.get(f"{live['server'].url}/api/v3/teams/{team}/questions", timeout=10)
    assert v3.status_code == HTTPStatus.OK, v3.text
    assert [q["title"] for q in v3.json()["items"]] == ["Where are the runbooks?"]
    v2 = requests.get(
        f"{live['server'].url}/api/2.3/questions",
        params={"team": team},
        headers={"X-API-Access-Token": token["access_token"]},
        timeout=10,
    )
    assert v2.status_code == HTTPStatus.OK, v2.text

    # Refresh tokens rotate: the new pair works, the old refresh token is spent.
    refreshed = client.refresh_token(
        f"{live['server'].url}/oauth/token/", refresh_token=token["refresh_token"]
    )
    assert refreshed["refresh_token"] != token["refresh_token"]
    again = requests.post(
        f"{live['server'].url}/oauth/token/",
        data={
            "grant_type": "refresh_token",
            "refresh_token": token["refresh_token"],
            "client_id": live["application"].client_id,
        },
        timeout=10,
    )
    assert again.status_code == HTTPStatus.BAD_REQUEST
    assert again.json()["error"] == "invalid_grant"


def _code_and_verifier(live, **kwargs):
    client = _client(live, **kwargs)
    verifier = generate_token(48)
    callback = _authorize(live, client, verifier)
    return parse_qs(urlsplit(callback).query)["code"][0], verifier


def _token_request(live, code, verifier, redirect_uri=REDIRECT_URI):
    return requests.post(
        f"{live['server'].url}/oauth/token/",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect_uri,
            "client_id": live["application"].client_id,
            "code_verifier": verifier,
        },
        timeout=10,
    )


def test_wrong_verifier_is_refused(live):
    code, _ = _code_and_verifier(live)
    wrong, _ = pkce_pair()
    response = _token_request(live, code, wrong)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["error"] == "invalid_grant"


def test_code_reuse_is_refused(live):
    code, verifier = _code_and_verifier(live)
    assert _token_request(live, code, verifier).status_code == HTTPStatus.OK
    again = _token_request(live, code, verifier)
    assert again.status_code == HTTPStatus.BAD_REQUEST
    assert again.json()["error"] == "invalid_grant"


def test_redirect_uri_mismatch_is_refused(live):
    # At the authorization endpoint: an unregistered URI gets an error page, no redirect.
    client = _client(live, redirect_uri="http://127.0.0.1:8766/callback")
    url, _ = client.create_authorization_url(
        f"{live['server'].url}/oauth/authorize/", code_verifier=generate_token(48)
    )
    page = live["browser"].get(url, allow_redirects=False, timeout=10)
    assert page.status_code == HTTPStatus.BAD_REQUEST
    assert "Location" not in page.headers
    assert "Mismatching redirect URI" in page.text
    # At the token endpoint: the code is bound to the URI it was issued for.
    code, verifier = _code_and_verifier(live)
    response = _token_request(live, code, verifier, redirect_uri=REDIRECT_URI + "/other")
    assert response.status_code == HTTPStatus.BAD_REQUEST


@pytest.mark.parametrize(
    ("response_type", "extra"),
    [
        ("token", {}),  # the implicit flow
        ("code", {"code_challenge_method": "plain", "code_challenge": "x" * 43}),
        ("code", {"code_challenge_method": None, "code_challenge": None}),  # no PKCE
    ],
)
def test_implicit_plain_and_missing_pkce_are_refused(live, response_type, extra):
    params = {
        "response_type": response_type,
        "client_id": live["application"].client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": "access_team",
        "state": "s",
        "code_challenge": pkce_pair()[1],
        "code_challenge_method": "S256",
    }
    params.update(extra)
    params = {key: value for key, value in params.items() if value is not None}
    response = live["browser"].get(
        f"{live['server'].url}/oauth/authorize/", params=params, allow_redirects=False, timeout=10
    )
    # Refused either on the page or by redirecting an error to the client; never a token.
    if response.status_code == HTTPStatus.FOUND:
        location = response.headers["Location"]
        assert "error=" in location
        assert "access_token" not in location
        assert "code=" not in location
    else:
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert 'name="allow"' not in response.text

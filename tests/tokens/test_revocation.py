"""`POST /api/v3/credentials/revoke`: anyone may kill a leaked code; nobody learns which
codes existed."""

from http import HTTPStatus

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tokens import codes
from tokens.models import PersonalAccessToken, TokenEvent
from tokens.services import MAX_REPORTED_CODES, token_regenerate, token_revoke_reported
from tokens.throttling import PersonalAccessTokenRateThrottle

pytestmark = pytest.mark.django_db

URL = "api:credentials-revoke"
SCANNER = "secret-scanner/2.1 (+https://scanner.example)"


def _report(credentials, client=None, **extra):
    client = client or APIClient()
    return client.post(
        reverse(URL),
        {"credentials": credentials},
        format="json",
        HTTP_USER_AGENT=SCANNER,
        REMOTE_ADDR="198.51.100.23",
        **extra,
    )


def _works(code: str) -> bool:
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {code}")
    return client.get(reverse("api:me-token")).status_code == HTTPStatus.OK


def _fake_code() -> str:
    return codes.generate()  # well formed, never stored


@pytest.mark.parametrize("kind", ["real", "fake", "malformed", "mixed"])
def test_always_202_with_the_same_body(make_pat, django_capture_on_commit_callbacks, kind):
    _, real = make_pat()
    credentials = {
        "real": [real],
        "fake": [_fake_code()],
        "malformed": ["tspat_nope", "", "ghp_abc", "x" * 200],
        "mixed": [_fake_code(), real, "garbage"],
    }[kind]
    with django_capture_on_commit_callbacks(execute=True):
        response = _report(credentials)
    assert response.status_code == HTTPStatus.ACCEPTED
    assert response.json() == {"received": len(credentials)}
    assert set(response.headers) >= {"Content-Type", "Content-Length"}
    assert "X-Token-Expires-At" not in response.headers


def test_a_reported_code_stops_at_once_and_its_owner_is_told(
    make_pat, django_capture_on_commit_callbacks
):
    owner = UserFactory(email="owner@example.com", display_name="Owner O.")
    token, code = make_pat(user=owner, description="laptop script")
    _, bystander_code = make_pat()
    assert _works(code)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _report([code, _fake_code(), "garbage"])

    assert response.status_code == HTTPStatus.ACCEPTED
    assert len(callbacks) == 1
    assert not _works(code)
    assert _works(bystander_code)
    assert not PersonalAccessToken.objects.filter(pk=token.pk).exists()
    event = TokenEvent.objects.get(token_id=token.pk, action=TokenEvent.Action.REVOKED_AS_LEAKED)
    assert event.actor is None
    assert event.ip == "198.51.100.23"
    assert SCANNER in event.detail
    # One e-mail, to the owner only: where and when, never the code.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["owner@example.com"]
    assert "laptop script" in message.subject
    assert "198.51.100.23" in message.body and SCANNER in message.body
    assert token.team.name in message.body
    assert "/users/pats/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "198.51.100.23" in html
    assert code not in message.body and code not in html


@pytest.mark.parametrize(
    "credentials", [[], ["a"] * 0, [_fake_code() for _ in range(3)], ["tspat_short", ""]]
)
def test_no_email_without_a_real_code(db, django_capture_on_commit_callbacks, credentials):
    with django_capture_on_commit_callbacks(execute=True):
        _report(credentials)
    assert mail.outbox == []
    assert not TokenEvent.objects.filter(action=TokenEvent.Action.REVOKED_AS_LEAKED).exists()


def test_a_replaced_code_still_in_its_window_revokes_the_token(
    make_pat, django_capture_on_commit_callbacks
):
    token, old_code = make_pat()
    token, new_code = token_regenerate(token=token, overlap="1d")
    with django_capture_on_commit_callbacks(execute=True):
        _report([old_code])
    assert not _works(old_code) and not _works(new_code)
    assert len(mail.outbox) == 1


def test_a_replaced_code_whose_window_closed_revokes_nothing(make_pat):
    token, old_code = make_pat()
    token, new_code = token_regenerate(token=token, overlap="none")
    assert token_revoke_reported(codes_=[old_code], ip=None) == 0
    assert _works(new_code)


def test_one_statement_looks_up_every_code(make_pat, django_assert_num_queries):
    _, real = make_pat()
    fakes = [_fake_code() for _ in range(MAX_REPORTED_CODES)]
    with django_assert_num_queries(1):  # no real code: the lookup and nothing else
        assert token_revoke_reported(codes_=fakes, ip="192.0.2.1") == 0
    assert token_revoke_reported(codes_=[*fakes[:-1], real], ip="192.0.2.1") == 1


def test_malformed_codes_never_reach_the_database(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert token_revoke_reported(codes_=["tspat_x", "hello"], ip=None) == 0


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"credentials": []},
        {"credentials": "tspat_abc"},
        {"credentials": [1, 2]},
        {"credentials": [None]},
        {"credentials": [["tspat_abc"]]},
        {"credentials": ["x" * 201]},
        {"credentials": ["tspat_abc"] * (MAX_REPORTED_CODES + 1)},
        ["tspat_abc"],
    ],
)
def test_a_malformed_request_is_a_400_problem(db, body):
    response = APIClient().post(reverse(URL), body, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 400


def test_no_authentication_or_csrf_token_needed_and_any_credential_ignored(
    make_pat, member, django_capture_on_commit_callbacks
):
    _, code = make_pat()
    session = APIClient(enforce_csrf_checks=True)
    session.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = _report([code], client=session)
    assert response.status_code == HTTPStatus.ACCEPTED
    assert not _works(code)
    # A bad token on the request is not even looked at.
    response = _report([_fake_code()], HTTP_AUTHORIZATION="Bearer tspat_garbage")
    assert response.status_code == HTTPStatus.ACCEPTED


def test_rate_limited_per_client_address(db, settings, monkeypatch):
    settings.PAT_REVOCATION_CALLS_PER_HOUR = 3
    clock = [1_000_000.0]
    monkeypatch.setattr(PersonalAccessTokenRateThrottle, "timer", lambda: clock[0])
    for _ in range(3):
        assert _report([_fake_code()]).status_code == HTTPStatus.ACCEPTED
    refused = _report([_fake_code()])
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert refused["Content-Type"] == "application/problem+json"
    assert 0 < int(refused["Retry-After"]) <= 3600
    # Another address has its own budget; the first one's comes back after the hour.
    other = APIClient().post(
        reverse(URL), {"credentials": ["x"]}, format="json", REMOTE_ADDR="198.51.100.99"
    )
    assert other.status_code == HTTPStatus.ACCEPTED
    clock[0] += 3600
    assert _report([_fake_code()]).status_code == HTTPStatus.ACCEPTED


def test_documented_in_the_v3_schema_without_security(client):
    schema = client.get(reverse("api-schema"), HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v3/credentials/revoke"]["post"]
    assert set(operation["responses"]) == {"202", "400", "429"}
    assert operation.get("security") in (None, [], [{}])
    rotate = schema["paths"]["/api/v3/me/token/rotate"]["post"]
    assert {"200", "400", "401", "403"} <= set(rotate["responses"])

"""Authentication by personal access token, through the real HTTP stack."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from teams.models import Membership
from teams.plans import NO_API_ACCESS_MESSAGE, Plan
from tests.factories import TeamFactory
from tokens import codes
from tokens.errors import INVALID_TOKEN_MESSAGE
from tokens.models import PersonalAccessToken

pytestmark = pytest.mark.django_db

INVALID_CHALLENGE = (
    f'Bearer realm="api", error="invalid_token", error_description="{INVALID_TOKEN_MESSAGE}"'
)


def _set_last_used(token, last_used_at):
    PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=last_used_at)


def _updates(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if q["sql"].lstrip().startswith("UPDATE")]


# --- Garbage never reaches the database. -----------------------------------------------------


def _garbage():
    good = codes.generate()
    other = codes.generate()
    bad_checksum = good[:-1] + ("a" if good[-1] != "a" else "b")
    return {
        "empty bearer": {"HTTP_AUTHORIZATION": "Bearer "},
        "bare bearer": {"HTTP_AUTHORIZATION": "Bearer"},
        "empty header": {"HTTP_X_API_ACCESS_TOKEN": ""},
        "10 KB": {"HTTP_AUTHORIZATION": "Bearer tspat_" + "a" * 10_240},
        "10 KB header": {"HTTP_X_API_ACCESS_TOKEN": "x" * 10_240},
        "non-ASCII": {"HTTP_AUTHORIZATION": "Bearer tspat_" + "é" * 38},
        "non-ASCII same length": {"HTTP_AUTHORIZATION": "Bearer " + good[:-1] + "é"},
        "NUL bytes": {"HTTP_AUTHORIZATION": "Bearer " + good[:-1] + "\x00"},
        "NUL only": {"HTTP_X_API_ACCESS_TOKEN": "\x00" * 44},
        "wrong prefix": {"HTTP_AUTHORIZATION": "Bearer ghp_" + good[len("tspat_") :]},
        "bad checksum": {"HTTP_AUTHORIZATION": f"Bearer {bad_checksum}"},
        "two tokens": {"HTTP_AUTHORIZATION": f"Bearer {good} {other}"},
        "two tokens in the header": {"HTTP_X_API_ACCESS_TOKEN": f"{good} {other}"},
        "both headers, different tokens": {
            "HTTP_AUTHORIZATION": f"Bearer {good}",
            "HTTP_X_API_ACCESS_TOKEN": other,
        },
    }


GARBAGE = _garbage()


@pytest.mark.parametrize("case", GARBAGE)
def test_garbage_is_refused_without_a_query(case, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = APIClient().get(reverse("api:users-me"), **GARBAGE[case])

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response["WWW-Authenticate"] == INVALID_CHALLENGE
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == INVALID_TOKEN_MESSAGE


def test_both_headers_with_the_same_token_are_accepted(make_pat):
    _, code = make_pat()
    response = APIClient().get(
        reverse("api:me-token"), HTTP_AUTHORIZATION=f"Bearer {code}", HTTP_X_API_ACCESS_TOKEN=code
    )
    assert response.status_code == HTTPStatus.OK


# --- Query budget and last_used_at. ----------------------------------------------------------


@pytest.mark.parametrize("with_team", [False, True], ids=["team-less", "team path"])
def test_users_me_within_two_queries_and_no_write_when_used_recently(
    pat_client, django_assert_max_num_queries, with_team
):
    client, token = pat_client()
    recently = timezone.now() - timedelta(seconds=30)
    _set_last_used(token, recently)
    kwargs = {"team": token.team.slug} if with_team else {}

    with django_assert_max_num_queries(2) as captured:
        response = client.get(reverse("api:users-me", kwargs=kwargs))

    assert response.status_code == HTTPStatus.OK
    assert _updates(captured) == []
    token.refresh_from_db()
    assert token.last_used_at == recently


@pytest.mark.parametrize("last_used", ["never", "two minutes ago"])
def test_users_me_writes_one_conditional_update_when_not_used_within_a_minute(
    pat_client, django_assert_num_queries, last_used
):
    client, token = pat_client()
    if last_used != "never":
        _set_last_used(token, timezone.now() - timedelta(minutes=2))

    with django_assert_num_queries(3) as captured:  # authentication, UPDATE, data
        response = client.get(reverse("api:users-me"))

    assert response.status_code == HTTPStatus.OK
    [update] = _updates(captured)
    assert "last_used_at" in update.split("WHERE", 1)[1]  # conditional, not read-modify-write
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < timedelta(minutes=1)


def test_authentication_is_one_query_for_the_token_endpoint(pat_client, django_assert_num_queries):
    client, token = pat_client()
    _set_last_used(token, timezone.now())

    with django_assert_num_queries(1):
        assert client.get(reverse("api:me-token")).status_code == HTTPStatus.OK


# --- Headers, scopes, expiry. ----------------------------------------------------------------


def test_x_api_access_token_header_is_accepted(make_pat):
    token, code = make_pat()
    response = APIClient().get(reverse("api:users-me"), HTTP_X_API_ACCESS_TOKEN=code)
    assert response.status_code == HTTPStatus.OK
    assert response.json()["id"] == token.user_id


def test_bearer_scheme_is_case_insensitive(make_pat):
    _, code = make_pat()
    response = APIClient().get(reverse("api:users-me"), HTTP_AUTHORIZATION=f"bearer {code}")
    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    ("can_write", "scopes"),
    [(False, ["access_team"]), (True, ["access_team", "write_access"])],
)
def test_scopes_use_the_official_v3_names(pat_client, can_write, scopes):
    client, token = pat_client(can_write=can_write)
    body = client.get(reverse("api:me-token")).json()
    assert body["scopes"] == scopes
    assert token.scopes == scopes


def test_expiry_header_only_for_expiring_tokens(pat_client):
    expiring, token = pat_client(expires_in_days=7)
    response = expiring.get(reverse("api:users-me"))
    assert response["X-Token-Expires-At"] == token.expires_at.isoformat()

    lasting, _ = pat_client(expires_in_days=None)
    assert "X-Token-Expires-At" not in lasting.get(reverse("api:users-me"))


def test_expired_token_is_refused_with_expired_in_the_detail(pat_client):
    client, token = pat_client(expires_in_days=7)
    PersonalAccessToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())

    response = client.get(reverse("api:users-me"))

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert "expired" in response.json()["detail"]
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


# --- Revocation takes effect on the very next request. ---------------------------------------


def test_removed_membership_refuses_the_next_request(pat_client):
    client, token = pat_client()
    assert client.get(reverse("api:users-me")).status_code == HTTPStatus.OK

    Membership.objects.filter(user=token.user, team=token.team).delete()

    response = client.get(reverse("api:users-me"))
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response["WWW-Authenticate"] == INVALID_CHALLENGE


def test_deactivated_user_is_refused_on_the_next_request(pat_client):
    client, token = pat_client()
    assert client.get(reverse("api:users-me")).status_code == HTTPStatus.OK

    token.user.is_active = False
    token.user.save(update_fields=["is_active"])

    response = client.get(reverse("api:users-me"))
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response["WWW-Authenticate"] == INVALID_CHALLENGE


def test_downgrade_to_free_refuses_the_next_request_with_the_plan_message(pat_client):
    team = TeamFactory(plan=Plan.BASIC)
    client, _ = pat_client(team=team)
    assert client.get(reverse("api:users-me")).status_code == HTTPStatus.OK

    team.plan = Plan.FREE
    team.save(update_fields=["plan"])

    response = client.get(reverse("api:users-me"))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert (
        response.json()["detail"]
        == NO_API_ACCESS_MESSAGE
        == ("API access is not available on the Free plan.")
    )
    assert response["WWW-Authenticate"] == 'Bearer realm="api", error="insufficient_scope"'


def test_error_reports_show_neither_the_code_nor_its_digest(make_pat, monkeypatch):
    """A failure inside authentication (a database outage) lists each frame's locals in
    the error report: the code and its digest show there as stars."""
    import sys

    from django.db import OperationalError
    from django.test import RequestFactory
    from django.views.debug import ExceptionReporter
    from rest_framework.request import Request

    from tokens import authentication, codes

    _, code = make_pat()

    def down(**kwargs):
        raise OperationalError("database down")

    monkeypatch.setattr(authentication, "token_get_for_authentication", down)
    django_request = RequestFactory().get("/api/v3/me/token", HTTP_AUTHORIZATION=f"Bearer {code}")
    try:
        authentication.PersonalAccessTokenAuthentication().authenticate(Request(django_request))
    except OperationalError:
        reporter = ExceptionReporter(django_request, *sys.exc_info())
    frames = [f for f in reporter.get_traceback_frames() if "/tests/" not in f["filename"]]
    shown = repr([frame["vars"] for frame in frames])  # the test's own frame left out
    assert any(frame["function"] == "authenticate" for frame in frames)
    assert code not in shown
    assert codes.digest(code) not in shown

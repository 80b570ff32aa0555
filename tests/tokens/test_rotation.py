"""Rotation (`POST /api/v3/me/token/rotate`, Regenerate on the settings page) and its overlap
window: the replaced code works until the window ends or the new code is first used."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from rest_framework.test import APIClient

from teams.plans import NO_API_ACCESS_MESSAGE, NO_WRITE_ACCESS_MESSAGE, Plan
from tokens import codes
from tokens.errors import INVALID_TOKEN_MESSAGE
from tokens.models import PersonalAccessToken, TokenEvent
from tokens.services import (
    BAD_OVERLAP_MESSAGE,
    token_clear_ended_overlaps,
    token_end_overlap,
    token_regenerate,
)
from tokens.views import OVERLAP_ENDED_MESSAGE

pytestmark = pytest.mark.django_db

ME = "api:me-token"
ROTATE = "api:me-token-rotate"


def _client(code: str) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {code}")


def _status(code: str) -> int:
    return _client(code).get(reverse(ME)).status_code


def _rotate(code: str, **body):
    return _client(code).post(reverse(ROTATE), body or None, format="json")


# --- The API ------------------------------------------------------------------------------------


def test_rotate_gives_a_new_code_for_the_same_token(make_pat, frozen_now):
    made = frozen_now(timezone.now() - timedelta(days=10))
    token, old_code = make_pat(can_write=True, expires_in_days=30, description="nightly export")
    now = frozen_now(made + timedelta(days=10))

    response = _rotate(old_code)

    assert response.status_code == HTTPStatus.OK
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    new_code = body["token"]
    assert codes.is_well_formed(new_code) and new_code != old_code
    assert body["id"] == token.pk
    assert body["description"] == "nightly export"
    assert body["team"]["slug"] == token.team.slug
    assert body["scopes"] == ["access_team", "write_access"]
    # The lifetime rule: 30 days from creation → 30 days from now.
    assert body["expiresAt"] == (now + timedelta(days=30)).isoformat().replace("+00:00", "Z")
    assert body["previousCodeValidUntil"] is None
    assert response["X-Token-Expires-At"] == (now + timedelta(days=30)).isoformat()
    stored = PersonalAccessToken.objects.get(pk=token.pk)
    assert stored.digest == codes.digest(new_code)  # only the digest is kept
    assert new_code not in str(PersonalAccessToken.objects.filter(pk=token.pk).values().get())
    event = TokenEvent.objects.get(token_id=token.pk, action=TokenEvent.Action.ROTATED)
    assert event.actor == token.user
    # Without an overlap the old code stops at once; the new one works.
    assert _status(old_code) == HTTPStatus.UNAUTHORIZED
    assert _status(new_code) == HTTPStatus.OK


def test_a_token_that_never_expires_still_never_does(make_pat):
    _, code = make_pat(expires_in_days=None)
    body = _rotate(code).json()
    assert body["expiresAt"] is None
    assert _client(body["token"]).get(reverse(ME)).json()["expiresAt"] is None


def test_a_read_only_token_may_rotate_itself(make_pat):
    _, code = make_pat(can_write=False)
    response = _rotate(code)
    assert response.status_code == HTTPStatus.OK
    assert response.json()["scopes"] == ["access_team"]


@pytest.mark.parametrize("overlap", ["2h", "", "NONE", 1, None, True])
def test_an_unknown_overlap_is_a_400_problem(make_pat, overlap):
    _, code = make_pat()
    response = _rotate(code, overlap=overlap)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response["Content-Type"] == "application/problem+json"
    assert "overlap" in response.json()["errors"]
    assert _status(code) == HTTPStatus.OK  # nothing changed


@pytest.mark.parametrize(
    ("plan", "can_write", "message"),
    [(Plan.FREE, False, NO_API_ACCESS_MESSAGE), (Plan.BASIC, True, NO_WRITE_ACCESS_MESSAGE)],
)
def test_a_team_whose_plan_no_longer_allows_the_token_refuses(make_pat, plan, can_write, message):
    token, code = make_pat(can_write=can_write)
    type(token.team).objects.filter(pk=token.team_id).update(plan=plan)
    response = _rotate(code)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json()["detail"] == message
    assert PersonalAccessToken.objects.get(pk=token.pk).digest == codes.digest(code)


def test_rotation_needs_a_token(client, member):
    assert APIClient().post(reverse(ROTATE)).status_code == HTTPStatus.UNAUTHORIZED
    session = APIClient()
    session.force_login(member)
    assert session.post(reverse(ROTATE)).status_code == HTTPStatus.FORBIDDEN


# --- The overlap window at its edges ------------------------------------------------------------


def test_old_code_works_until_the_window_ends_then_401(make_pat, frozen_now):
    now = frozen_now(timezone.now())
    _, old_code = make_pat()
    body = _rotate(old_code, overlap="1h").json()
    assert body["previousCodeValidUntil"] == (now + timedelta(hours=1)).isoformat().replace(
        "+00:00", "Z"
    )

    frozen_now(now + timedelta(minutes=59, seconds=59))
    assert _status(old_code) == HTTPStatus.OK  # still inside the window
    me = _client(old_code).get(reverse(ME)).json()
    assert me["previousCodeValidUntil"] is not None

    frozen_now(now + timedelta(hours=1))
    response = _client(old_code).get(reverse(ME))
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json()["detail"] == INVALID_TOKEN_MESSAGE
    assert _status(body["token"]) == HTTPStatus.OK


def test_the_new_codes_first_use_ends_the_window(make_pat, frozen_now):
    now = frozen_now(timezone.now())
    token, old_code = make_pat()
    new_code = _rotate(old_code, overlap="7d").json()["token"]

    frozen_now(now + timedelta(minutes=5))
    assert _status(old_code) == HTTPStatus.OK  # the script has not switched yet
    assert _status(old_code) == HTTPStatus.OK
    assert _status(new_code) == HTTPStatus.OK  # it switches…
    assert _status(old_code) == HTTPStatus.UNAUTHORIZED  # …and the old code is done
    token.refresh_from_db()
    assert (token.previous_digest, token.previous_valid_until) == (None, None)


def test_the_window_never_outlives_the_old_codes_expiry(make_pat, frozen_now):
    made = frozen_now(timezone.now() - timedelta(days=6, hours=23))
    token, old_code = make_pat(expires_in_days=7)
    now = frozen_now(made + timedelta(days=6, hours=23))
    regenerated, _ = token_regenerate(token=token, overlap="1d")
    assert regenerated.previous_valid_until == made + timedelta(days=7)  # in 1 hour, not 1 day
    frozen_now(now + timedelta(hours=1))
    assert _status(old_code) == HTTPStatus.UNAUTHORIZED


def test_rotating_with_the_old_code_keeps_the_callers_code_in_the_window(make_pat, frozen_now):
    """A script still on the old code rotates: the code it holds keeps working, and the
    unused middle code stops."""
    frozen_now(timezone.now())
    _, first = make_pat()
    second = _rotate(first, overlap="1d").json()["token"]
    third = _rotate(first, overlap="1h").json()["token"]
    assert _status(first) == HTTPStatus.OK
    assert _status(second) == HTTPStatus.UNAUTHORIZED
    assert _status(third) == HTTPStatus.OK
    assert _status(first) == HTTPStatus.UNAUTHORIZED


def test_ending_the_overlap_now(make_pat):
    token, old_code = make_pat()
    token, new_code = token_regenerate(token=token, overlap="7d")
    assert token_end_overlap(token=token, actor=token.user) is True
    assert _status(old_code) == HTTPStatus.UNAUTHORIZED
    assert _status(new_code) == HTTPStatus.OK
    assert (
        TokenEvent.objects.filter(token_id=token.pk, action=TokenEvent.Action.OVERLAP_ENDED).count()
        == 1
    )
    assert token_end_overlap(token=token, actor=token.user) is False  # nothing left to end


def test_housekeeping_forgets_closed_windows(make_pat, frozen_now):
    now = frozen_now(timezone.now())
    token, _ = make_pat()
    token_regenerate(token=token, overlap="1h")
    assert token_clear_ended_overlaps(now=now + timedelta(minutes=30)) == 0
    assert token_clear_ended_overlaps(now=now + timedelta(hours=1)) == 1
    token.refresh_from_db()
    assert token.previous_digest is None


def test_bad_overlap_is_refused_by_the_service(make_pat):
    token, _ = make_pat()
    with pytest.raises(ValidationError) as excinfo:
        token_regenerate(token=token, overlap="forever")
    assert excinfo.value.message_dict == {"overlap": [BAD_OVERLAP_MESSAGE]}


# --- Still one statement per authentication -----------------------------------------------------


def test_authentication_stays_one_statement_with_an_overlap_open(
    make_pat, frozen_now, django_assert_num_queries
):
    now = frozen_now(timezone.now())
    token, old_code = make_pat()
    token, new_code = token_regenerate(token=token, overlap="1d")
    assert _status(old_code) == HTTPStatus.OK  # first use: last_used_at is written
    frozen_now(now + timedelta(seconds=10))
    with django_assert_num_queries(1):  # the old code, inside the window: the statement only
        assert _status(old_code) == HTTPStatus.OK
    with django_assert_num_queries(2):  # the new code's first use: + the UPDATE ending it
        assert _status(new_code) == HTTPStatus.OK
    with django_assert_num_queries(1):  # and from then on the statement only
        assert _status(new_code) == HTTPStatus.OK
    with django_assert_num_queries(1):  # the old code is refused by the same statement
        assert _status(old_code) == HTTPStatus.UNAUTHORIZED


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_the_statement_probes_both_digest_indexes_on_postgresql(make_pat):
    from tokens.selectors import _queries, token_get_for_authentication

    _, code = make_pat()
    token_get_for_authentication(digest=codes.digest(code))
    query = next(q for (vendor, _), q in _queries.items() if vendor == "postgresql")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the test table is tiny
        cursor.execute("EXPLAIN " + query.sql, ["0" * 64] * query.placeholders)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    table = PersonalAccessToken._meta.db_table
    assert "BitmapOr" in plan or "Index" in plan, plan
    assert f"{table}_digest" in plan and f"{table}_previous_digest" in plan, plan


# --- The settings page --------------------------------------------------------------------------


def test_regenerate_page_offers_the_overlap_and_the_row_shows_it(client, make_pat, frozen_now):
    now = frozen_now(timezone.now())
    token, old_code = make_pat(description="deploy bot")
    client.force_login(token.user)
    url = reverse("pat-regenerate", args=[token.pk])
    page = client.get(url).content.decode()
    assert 'name="overlap"' in page and 'value="1h"' in page and 'value="7d"' in page

    response = client.post(url, {"overlap": "1h"})

    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "Previous code still valid until" in body
    assert (now + timedelta(hours=1)).strftime("%b %-d, %Y, %H:%M") in body
    assert reverse("pat-end-overlap", args=[token.pk]) in body
    assert _status(old_code) == HTTPStatus.OK

    ended = client.post(reverse("pat-end-overlap", args=[token.pk]), follow=True)
    message = OVERLAP_ENDED_MESSAGE.format(description="deploy bot")
    assert escape(message) in ended.content.decode()
    assert "Previous code still valid until" not in ended.content.decode()
    assert _status(old_code) == HTTPStatus.UNAUTHORIZED


def test_regenerate_page_refuses_an_unknown_overlap(client, make_pat):
    token, code = make_pat()
    client.force_login(token.user)
    response = client.post(reverse("pat-regenerate", args=[token.pk]), {"overlap": "1y"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert BAD_OVERLAP_MESSAGE in response.content.decode()
    assert _status(code) == HTTPStatus.OK


def test_regenerate_without_an_overlap_stops_the_old_code_at_once(client, make_pat):
    token, code = make_pat()
    client.force_login(token.user)
    assert client.post(reverse("pat-regenerate", args=[token.pk])).status_code == HTTPStatus.OK
    assert _status(code) == HTTPStatus.UNAUTHORIZED


def test_end_overlap_is_post_only_and_for_the_owner_only(client, make_pat):
    token, _ = make_pat()
    token_regenerate(token=token, overlap="1d")
    url = reverse("pat-end-overlap", args=[token.pk])
    other, _ = make_pat()
    client.force_login(other.user)
    assert client.post(url).status_code == HTTPStatus.NOT_FOUND
    client.force_login(token.user)
    assert client.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    token.refresh_from_db()
    assert token.previous_digest is not None

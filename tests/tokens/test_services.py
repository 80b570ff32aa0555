"""The token services: validation, audit, regeneration, and the race on descriptions."""

import threading
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from teams.plans import NO_API_ACCESS_MESSAGE, NO_WRITE_ACCESS_MESSAGE, Plan
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tokens import codes
from tokens.models import PersonalAccessToken, TokenEvent
from tokens.services import (
    BAD_EXPIRATION_MESSAGE,
    DESCRIPTION_CONTROL_CHARACTERS_MESSAGE,
    DESCRIPTION_REQUIRED_MESSAGE,
    DESCRIPTION_TOO_LONG_MESSAGE,
    DUPLICATE_DESCRIPTION_MESSAGE,
    INACTIVE_USER_MESSAGE,
    NOT_A_MEMBER_MESSAGE,
    token_create,
    token_delete,
    token_regenerate,
    token_revoke_by_staff,
)


def _create(**overrides):
    membership = overrides.pop("membership", None) or MembershipFactory(
        team=TeamFactory(plan=overrides.pop("plan", Plan.BUSINESS))
    )
    arguments = {
        "user": membership.user,
        "team": membership.team,
        "description": "CI bot",
        "can_write": False,
        "expires_in_days": 30,
    }
    return token_create(**{**arguments, **overrides})


def _messages(excinfo) -> dict:
    return excinfo.value.message_dict


# --- Validation: every message. -------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        pytest.param({"description": ""}, "description", DESCRIPTION_REQUIRED_MESSAGE, id="empty"),
        pytest.param(
            {"description": "   "}, "description", DESCRIPTION_REQUIRED_MESSAGE, id="blank"
        ),
        pytest.param(
            {"description": "x" * 101}, "description", DESCRIPTION_TOO_LONG_MESSAGE, id="too-long"
        ),
        pytest.param({"plan": Plan.FREE}, "team", NO_API_ACCESS_MESSAGE, id="free-plan"),
        pytest.param(
            {"plan": Plan.BASIC, "can_write": True},
            "can_write",
            NO_WRITE_ACCESS_MESSAGE,
            id="write-on-basic",
        ),
        pytest.param(
            {"expires_in_days": 5}, "expires_in_days", BAD_EXPIRATION_MESSAGE, id="bad-expiry"
        ),
        pytest.param(
            {"expires_in_days": 0}, "expires_in_days", BAD_EXPIRATION_MESSAGE, id="zero-expiry"
        ),
    ],
)
def test_create_refuses_with_a_field_message(overrides, field, message):
    with pytest.raises(ValidationError) as excinfo:
        _create(**overrides)
    assert _messages(excinfo) == {field: [message]}
    assert not PersonalAccessToken.objects.exists()
    assert not TokenEvent.objects.exists()


@pytest.mark.django_db
def test_create_accepts_a_description_of_exactly_100_characters():
    token, _ = _create(description="x" * 100)
    assert token.description == "x" * 100


@pytest.mark.django_db
def test_create_refuses_a_non_member():
    with pytest.raises(ValidationError) as excinfo:
        token_create(user=UserFactory(), team=TeamFactory(), description="x")
    assert _messages(excinfo) == {"team": [NOT_A_MEMBER_MESSAGE]}


@pytest.mark.django_db
def test_create_refuses_an_inactive_user():
    membership = MembershipFactory(user__is_active=False)
    with pytest.raises(ValidationError) as excinfo:
        _create(membership=membership)
    assert _messages(excinfo) == {"user": [INACTIVE_USER_MESSAGE]}


@pytest.mark.django_db
@pytest.mark.parametrize("second", ["CI bot", "ci BOT", "  CI BOT  "])
def test_create_refuses_a_duplicate_description_case_insensitively(second):
    token, _ = _create(description="CI bot")
    with pytest.raises(ValidationError) as excinfo:
        _create(membership=token.user.memberships.get(), description=second)
    assert _messages(excinfo) == {"description": [DUPLICATE_DESCRIPTION_MESSAGE]}
    assert PersonalAccessToken.objects.count() == 1


@pytest.mark.django_db
def test_duplicate_description_leaves_the_callers_transaction_usable():
    token, _ = _create(description="CI bot")
    with transaction.atomic():
        with pytest.raises(ValidationError):
            _create(membership=token.user.memberships.get(), description="ci bot")
        # The savepoint rolled back only the failed insert.
        assert PersonalAccessToken.objects.count() == 1


@pytest.mark.django_db
def test_the_same_description_is_fine_for_another_user():
    _create(description="CI bot")
    _create(description="CI bot")
    assert PersonalAccessToken.objects.count() == 2


@pytest.mark.django_db
def test_write_tokens_on_business_and_enterprise_and_read_tokens_on_basic():
    assert _create(plan=Plan.BUSINESS, can_write=True)[0].can_write
    assert _create(plan=Plan.ENTERPRISE, can_write=True)[0].can_write
    assert not _create(plan=Plan.BASIC)[0].can_write


@pytest.mark.django_db
@pytest.mark.parametrize("days", [7, 30, 60, 90])
def test_expiry_choices(days):
    before = timezone.now()
    token, _ = _create(expires_in_days=days)
    assert (
        before + timedelta(days=days) <= token.expires_at <= timezone.now() + timedelta(days=days)
    )


@pytest.mark.django_db
def test_no_expiry():
    token, code = _create(expires_in_days=None)
    assert token.expires_at is None
    assert codes.is_well_formed(code)
    assert token.digest == codes.digest(code)


# --- Audit: one event per change, in the same transaction. ----------------------------------


@pytest.mark.django_db
def test_create_records_an_event():
    token, _ = _create(ip="203.0.113.7")
    event = TokenEvent.objects.get()
    assert (event.action, event.token_id, event.user, event.team, event.actor, event.ip) == (
        TokenEvent.Action.CREATED,
        token.pk,
        token.user,
        token.team,
        token.user,
        "203.0.113.7",
    )
    assert event.description == "CI bot"


@pytest.mark.django_db
def test_delete_records_an_event_that_keeps_the_token_id():
    token, _ = _create()
    token_id = token.pk
    token_delete(token=token, actor=token.user, ip="203.0.113.8")

    assert not PersonalAccessToken.objects.filter(pk=token_id).exists()
    event = TokenEvent.objects.get(action=TokenEvent.Action.DELETED)
    assert event.token_id == token_id
    assert event.description == "CI bot"
    assert event.ip == "203.0.113.8"


@pytest.mark.django_db
def test_revoke_by_staff_records_one_event_per_token_with_the_staff_actor():
    staff = UserFactory(is_staff=True)
    tokens = [_create()[0], _create()[0]]
    ids = sorted(t.pk for t in tokens)

    assert token_revoke_by_staff(tokens=tokens, actor=staff, ip="203.0.113.9") == 2

    events = TokenEvent.objects.filter(action=TokenEvent.Action.REVOKED_BY_STAFF)
    assert sorted(e.token_id for e in events) == ids
    assert {(e.actor, e.ip) for e in events} == {(staff, "203.0.113.9")}
    assert not PersonalAccessToken.objects.exists()


@pytest.mark.django_db
def test_event_rolls_back_with_a_failed_change(monkeypatch):
    token, _ = _create()

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(PersonalAccessToken, "delete", boom)
    with pytest.raises(RuntimeError):
        token_delete(token=token, actor=token.user)
    assert not TokenEvent.objects.filter(action=TokenEvent.Action.DELETED).exists()


# --- Regenerate. -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_regenerate_keeps_settings_restarts_expiry_and_refuses_the_old_code_at_once():
    token, old_code = _create(can_write=True, expires_in_days=7)
    old_created = timezone.now() - timedelta(days=5)
    PersonalAccessToken.objects.filter(pk=token.pk).update(
        created_at=old_created,
        expires_at=old_created + timedelta(days=7),
        last_used_at=old_created,
    )
    old = APIClient(HTTP_AUTHORIZATION=f"Bearer {old_code}")
    assert old.get(reverse("api:me-token")).status_code == HTTPStatus.OK

    before = timezone.now()
    regenerated, new_code = token_regenerate(token=token, actor=token.user, ip="203.0.113.10")

    assert new_code != old_code and codes.is_well_formed(new_code)
    regenerated.refresh_from_db()
    assert (
        regenerated.pk,
        regenerated.description,
        regenerated.can_write,
        regenerated.team_id,
    ) == (
        token.pk,
        "CI bot",
        True,
        token.team_id,
    )
    assert before + timedelta(days=7) <= regenerated.expires_at
    assert regenerated.expires_at <= timezone.now() + timedelta(days=7)
    assert regenerated.digest == codes.digest(new_code)
    assert old.get(reverse("api:me-token")).status_code == HTTPStatus.UNAUTHORIZED
    new = APIClient(HTTP_AUTHORIZATION=f"Bearer {new_code}")
    assert new.get(reverse("api:me-token")).json()["id"] == token.pk
    event = TokenEvent.objects.get(action=TokenEvent.Action.REGENERATED)
    assert (event.token_id, event.ip) == (token.pk, "203.0.113.10")


@pytest.mark.django_db
def test_regenerate_keeps_no_expiry():
    token, _ = _create(expires_in_days=None)
    regenerated, _ = token_regenerate(token=token)
    assert regenerated.expires_at is None


@pytest.mark.django_db
def test_regenerate_refuses_a_write_token_after_a_downgrade():
    token, code = _create(can_write=True)
    token.team.plan = Plan.BASIC
    token.team.save(update_fields=["plan"])

    with pytest.raises(ValidationError) as excinfo:
        token_regenerate(token=token)

    assert _messages(excinfo) == {"can_write": [NO_WRITE_ACCESS_MESSAGE]}
    token.refresh_from_db()
    assert token.digest == codes.digest(code)


# --- Two concurrent creates with the same description. --------------------------------------


@pytest.mark.django_db(transaction=True)
def test_concurrent_creates_with_the_same_description_make_one_token():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers (CI runs this on PostgreSQL)")
    membership = MembershipFactory(team=TeamFactory(plan=Plan.BUSINESS))
    attempts = 2
    barrier = threading.Barrier(attempts)
    outcomes = []

    def create():
        try:
            barrier.wait(timeout=10)
            token_create(user=membership.user, team=membership.team, description="Race")
            outcomes.append("created")
        except ValidationError as exc:
            outcomes.append(exc.message_dict)
        except Exception as exc:  # an IntegrityError here is the bug this test exists for
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=create) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes, key=str) == sorted(
        ["created", {"description": [DUPLICATE_DESCRIPTION_MESSAGE]}], key=str
    )
    assert PersonalAccessToken.objects.filter(user=membership.user).count() == 1
    assert TokenEvent.objects.filter(action=TokenEvent.Action.CREATED).count() == 1


# --- Control characters (a NUL byte made PostgreSQL raise ValueError: a 500). ---------------


@pytest.mark.django_db
@pytest.mark.parametrize("description", ["nul\x00byte", "two\nlines", "tab\there", "bell\x07"])
def test_create_refuses_control_characters_in_the_description(description):
    with pytest.raises(ValidationError) as excinfo:
        _create(description=description)
    assert _messages(excinfo) == {"description": [DESCRIPTION_CONTROL_CHARACTERS_MESSAGE]}
    assert not PersonalAccessToken.objects.exists()


@pytest.mark.django_db
def test_create_accepts_unicode_descriptions():
    token, _ = _create(description="Déploiement 🚀 nightly")
    assert token.description == "Déploiement 🚀 nightly"

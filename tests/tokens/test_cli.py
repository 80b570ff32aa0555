"""`manage.py pat`: create, list, revoke; same services, one line on error."""

import os
import subprocess
import sys
from datetime import timedelta
from http import HTTPStatus
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from teams.plans import NO_API_ACCESS_MESSAGE, NO_WRITE_ACCESS_MESSAGE, Plan
from tests.factories import MembershipFactory, TeamFactory, UserFactory, make_token
from tokens import codes
from tokens.management.commands.pat import (
    NO_TOKENS_MESSAGE,
    UNKNOWN_TEAM_MESSAGE,
    UNKNOWN_TOKEN_MESSAGE,
    UNKNOWN_USER_MESSAGE,
)
from tokens.models import PersonalAccessToken, TokenEvent
from tokens.services import (
    BAD_EXPIRATION_MESSAGE,
    DESCRIPTION_TOO_LONG_MESSAGE,
    DUPLICATE_DESCRIPTION_MESSAGE,
    NOT_A_MEMBER_MESSAGE,
)

pytestmark = pytest.mark.django_db


def pat(*args) -> tuple[str, str]:
    stdout, stderr = StringIO(), StringIO()
    call_command("pat", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


@pytest.fixture
def alice():
    membership = MembershipFactory(user__username="alice", team__slug="rockets")
    return membership.user


def _create_args(**overrides):
    args = {"--user": "alice", "--team": "rockets", "--description": "CI bot"}
    args.update(overrides)
    return [part for option, value in args.items() for part in (option, value)]


# --- create ------------------------------------------------------------------------------------


def test_create_prints_the_code_and_nothing_else_and_the_code_works(alice):
    stdout, stderr = pat("create", *_create_args(), "--write")

    code = stdout.strip()
    assert stdout == code + "\n"
    assert stderr == ""
    assert codes.is_well_formed(code)
    token = PersonalAccessToken.objects.get()
    assert (token.user, token.team.slug, token.description, token.can_write, token.source) == (
        alice,
        "rockets",
        "CI bot",
        True,
        PersonalAccessToken.Source.CLI,
    )
    assert token.expires_at - token.created_at == timedelta(days=30)  # the default
    assert TokenEvent.objects.get().action == TokenEvent.Action.CREATED
    response = APIClient().get(reverse("api:users-me"), HTTP_AUTHORIZATION=f"Bearer {code}")
    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize("days", ["7", "30", "60", "90"])
def test_create_with_an_expiry(alice, days):
    pat("create", *_create_args(), "--expires-in-days", days)
    token = PersonalAccessToken.objects.get()
    assert token.expires_at - token.created_at == timedelta(days=int(days))
    assert not token.can_write


def test_create_without_expiry(alice):
    pat("create", *_create_args(), "--no-expiry")
    assert PersonalAccessToken.objects.get().expires_at is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            _create_args(**{"--user": "nobody"}),
            UNKNOWN_USER_MESSAGE.format(username="nobody"),
            id="unknown-user",
        ),
        pytest.param(
            _create_args(**{"--team": "nowhere"}),
            UNKNOWN_TEAM_MESSAGE.format(slug="nowhere"),
            id="unknown-team",
        ),
        pytest.param(
            [*_create_args(), "--expires-in-days", "5"],
            f"--expires-in-days: {BAD_EXPIRATION_MESSAGE}",
            id="bad-expiry",
        ),
        pytest.param(
            _create_args(**{"--description": "x" * 101}),
            f"--description: {DESCRIPTION_TOO_LONG_MESSAGE}",
            id="too-long",
        ),
    ],
)
def test_create_errors(alice, args, message):
    with pytest.raises(CommandError) as excinfo:
        pat("create", *args)
    assert str(excinfo.value) == message
    assert not PersonalAccessToken.objects.exists()


def test_create_refuses_a_duplicate_description(alice):
    pat("create", *_create_args())
    with pytest.raises(CommandError, match=f"^--description: {DUPLICATE_DESCRIPTION_MESSAGE}$"):
        pat("create", *_create_args(**{"--description": "ci BOT"}))
    assert PersonalAccessToken.objects.count() == 1


def test_create_applies_the_plan_and_membership_rules(alice):
    MembershipFactory(user=alice, team=TeamFactory(slug="basic", plan=Plan.BASIC))
    MembershipFactory(user=alice, team=TeamFactory(slug="free", plan=Plan.FREE))
    TeamFactory(slug="strangers")

    with pytest.raises(CommandError, match=f"^--write: {NO_WRITE_ACCESS_MESSAGE}$"):
        pat("create", *_create_args(**{"--team": "basic"}), "--write")
    with pytest.raises(CommandError, match=f"^--team: {NO_API_ACCESS_MESSAGE}$"):
        pat("create", *_create_args(**{"--team": "free"}))
    with pytest.raises(CommandError, match=f"^--team: {NOT_A_MEMBER_MESSAGE}$"):
        pat("create", *_create_args(**{"--team": "strangers"}))
    assert not PersonalAccessToken.objects.exists()


# --- list ------------------------------------------------------------------------------------


def test_list_is_a_table_without_codes_or_digests(alice):
    token, code = make_token(user=alice, team=alice.teams.get(), description="CI bot")
    PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    other, other_code = make_token(user=UserFactory(username="bob"), expires_in_days=None)

    stdout, _ = pat("list")

    header, *rows = stdout.splitlines()
    assert header.split() == [
        "ID",
        "USER",
        "TEAM",
        "DESCRIPTION",
        "SCOPE",
        "CREATED",
        "EXPIRES",
        "LAST",
        "USED",
    ]
    assert len(rows) == 2
    assert rows[0].split()[:5] == [str(token.pk), "alice", "rockets", "CI", "bot"]
    assert "read-only" in rows[0]
    assert rows[1].split()[:3] == [str(other.pk), "bob", other.team.slug]
    assert rows[1].count("never") == 2  # no expiry, never used
    for secret in (code, other_code, token.digest, other.digest):
        assert secret not in stdout


def test_list_for_one_user(alice):
    make_token(user=alice, team=alice.teams.get(), description="mine")
    make_token(user=UserFactory(username="bob"), description="theirs")

    stdout, _ = pat("list", "--user", "alice")

    assert "mine" in stdout
    assert "theirs" not in stdout


def test_list_when_there_is_nothing(alice):
    assert pat("list", "--user", "alice")[0] == NO_TOKENS_MESSAGE + "\n"


def test_list_for_an_unknown_user():
    with pytest.raises(CommandError, match="^" + UNKNOWN_USER_MESSAGE.format(username="zed")):
        pat("list", "--user", "zed")


# --- revoke ----------------------------------------------------------------------------------


def test_revoke_deletes_with_an_audit_line_and_the_code_stops_working(alice):
    token, code = make_token(user=alice, team=alice.teams.get())

    stdout, _ = pat("revoke", str(token.pk))

    assert f"Revoked token {token.pk}" in stdout
    assert not PersonalAccessToken.objects.exists()
    event = TokenEvent.objects.get(action=TokenEvent.Action.REVOKED_BY_STAFF)
    assert (event.token_id, event.actor, event.ip) == (token.pk, None, None)
    response = APIClient().get(reverse("api:me-token"), HTTP_AUTHORIZATION=f"Bearer {code}")
    assert response.status_code == HTTPStatus.UNAUTHORIZED


def test_revoke_an_unknown_id():
    with pytest.raises(CommandError, match="^" + UNKNOWN_TOKEN_MESSAGE.format(id=404) + "$"):
        pat("revoke", "404")


# --- As a script sees it: stdout, stderr, exit status. ----------------------------------------


def test_command_line_errors_are_one_line_on_stderr_and_a_non_zero_exit(tmp_path):
    # A real process on its own throw-away SQLite file, whatever database the suite uses.
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "DEBUG": "true"}
    manage = [sys.executable, str(Path(__file__).resolve().parents[2] / "manage.py")]

    def run(*args):
        return subprocess.run(
            [*manage, *args], capture_output=True, text=True, env={**_base_env(), **env}
        )

    assert run("migrate", "-v0").returncode == 0
    result = run("pat", "revoke", "7")

    assert result.returncode != 0
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        "CommandError: " + UNKNOWN_TOKEN_MESSAGE.format(id=7)
    ]


def _base_env() -> dict:
    return {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CACHE_URL")}

"""The authentication query: one statement, fresh on every request, instances as the ORM's."""

from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from teams.models import Membership
from teams.plans import Plan
from tests.factories import MembershipFactory, TeamFactory
from tokens import codes
from tokens.models import PersonalAccessToken
from tokens.selectors import token_get_for_authentication

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="prepared statements are PostgreSQL's (runs in CI's PostgreSQL pass)",
)


def test_loads_token_user_team_and_membership_in_one_query(make_pat, django_assert_num_queries):
    token, code = make_pat(can_write=True)
    with django_assert_num_queries(1):
        found = token_get_for_authentication(digest=codes.digest(code))
        # select_related-style caches: none of these is a query.
        assert found.user.username == token.user.username
        assert found.team.slug == token.team.slug
        assert found.is_member is True
    assert found.pk == token.pk
    assert found.can_write is True
    assert found._state.adding is False
    assert found._state.db == "default"


def test_values_have_the_types_the_orm_gives(make_pat):
    token, code = make_pat()
    found = token_get_for_authentication(digest=codes.digest(code))
    expected = PersonalAccessToken.objects.select_related("user", "team").get(pk=token.pk)
    for field in PersonalAccessToken._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
    for field in type(expected.user)._meta.concrete_fields:
        assert getattr(found.user, field.attname) == getattr(expected.user, field.attname)
    for field in type(expected.team)._meta.concrete_fields:
        assert getattr(found.team, field.attname) == getattr(expected.team, field.attname)
    assert isinstance(found.expires_at, datetime)
    assert timezone.is_aware(found.expires_at)
    assert found.can_write is False


def test_timestamps_keep_their_microseconds_zone_and_nulls(make_pat):
    """On PostgreSQL timestamps travel as integer microseconds: nothing may be lost."""
    token, code = make_pat()
    used = datetime(2031, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)
    PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=used, expires_at=None)
    type(token.user).objects.filter(pk=token.user.pk).update(
        last_login=datetime(1969, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)  # before the epoch
    )
    found = token_get_for_authentication(digest=codes.digest(code))
    expected = PersonalAccessToken.objects.select_related("user", "team").get(pk=token.pk)
    assert found.last_used_at == used
    assert found.last_used_at.tzinfo == expected.last_used_at.tzinfo
    assert found.expires_at is None
    assert found.user.last_login == expected.user.last_login
    assert found.created_at == expected.created_at
    assert found.team.created_at == expected.team.created_at
    found.user.first_name = "changed"  # plain instances save like the ORM's
    found.user.save(update_fields=["first_name"])
    assert type(found.user).objects.get(pk=found.user.pk).first_name == "changed"


def test_unknown_digest_is_none(db):
    assert token_get_for_authentication(digest="0" * 64) is None


def test_removed_membership_shows_as_not_member(make_pat):
    token, code = make_pat()
    Membership.objects.filter(user=token.user, team=token.team).delete()
    assert token_get_for_authentication(digest=codes.digest(code)).is_member is False


def test_the_user_is_a_member_of_another_team_only(make_pat):
    token, code = make_pat()
    MembershipFactory(user=token.user, team=TeamFactory())
    Membership.objects.filter(user=token.user, team=token.team).delete()
    assert token_get_for_authentication(digest=codes.digest(code)).is_member is False


def _refuse(token, change):
    """Apply one kind of revocation to the token's data."""
    if change == "deleted":
        token.delete()
    elif change == "expired":
        PersonalAccessToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
    elif change == "user deactivated":
        type(token.user).objects.filter(pk=token.user_id).update(is_active=False)
    elif change == "membership removed":
        Membership.objects.filter(user=token.user, team=token.team).delete()
    elif change == "plan downgraded to Free":
        type(token.team).objects.filter(pk=token.team_id).update(plan=Plan.FREE)


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ("deleted", HTTPStatus.UNAUTHORIZED),
        ("expired", HTTPStatus.UNAUTHORIZED),
        ("user deactivated", HTTPStatus.UNAUTHORIZED),
        ("membership removed", HTTPStatus.UNAUTHORIZED),
        ("plan downgraded to Free", HTTPStatus.FORBIDDEN),
    ],
)
def test_revocation_takes_effect_on_the_very_next_request(pat_client, change, status):
    client, token = pat_client()
    url = reverse("api:users-me")
    assert client.get(url).status_code == HTTPStatus.OK
    _refuse(token, change)
    response = client.get(url)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"


def test_users_me_stays_at_two_queries(pat_client, team, django_assert_num_queries):
    client, _ = pat_client(team=team)
    url = reverse("api:users-me", kwargs={"team": team.slug})
    assert client.get(url).status_code == HTTPStatus.OK  # the first use writes last_used_at
    with django_assert_num_queries(2):
        assert client.get(url).status_code == HTTPStatus.OK


def test_cost_does_not_grow_with_tokens_per_user(make_pat, member, team, django_assert_num_queries):
    codes_ = [make_pat(user=member, team=team)[1] for _ in range(12)]
    for code in (codes_[0], codes_[-1]):
        with django_assert_num_queries(1):
            assert token_get_for_authentication(digest=codes.digest(code)) is not None


# PostgreSQL: the prepared statement, outside a transaction as in production (autocommit).


def _prepared_statements() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements WHERE name LIKE 'tspat_auth_%%'")
        return {name for (name,) in cursor.fetchall()}


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_statement_is_prepared_once_and_reused(make_pat, django_assert_num_queries):
    _, code = make_pat()
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    assert not connection.in_atomic_block
    first = token_get_for_authentication(digest=codes.digest(code))
    assert first is not None
    assert len(_prepared_statements()) == 1
    with django_assert_num_queries(1) as queries:
        again = token_get_for_authentication(digest=codes.digest(code))
    assert again.pk == first.pk
    assert again.user.pk == first.user.pk
    assert queries.captured_queries[0]["sql"].startswith("EXECUTE tspat_auth_")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_server_connection_without_the_statement_still_authenticates(make_pat):
    """What a transaction-pooling pgbouncer does: the next server connection lacks it."""
    _, code = make_pat()
    token_get_for_authentication(digest=codes.digest(code))
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    assert token_get_for_authentication(digest=codes.digest(code)) is not None
    assert len(_prepared_statements()) == 1
    assert token_get_for_authentication(digest="0" * 64) is None


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_plain_statement_is_used(make_pat, django_assert_num_queries):
    _, code = make_pat()
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")
    with transaction.atomic(), django_assert_num_queries(1) as queries:
        assert token_get_for_authentication(digest=codes.digest(code)) is not None
    assert queries.captured_queries[0]["sql"].startswith("SELECT ")
    assert _prepared_statements() == set()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_prepared_statements_can_be_turned_off(make_pat, settings, django_assert_num_queries):
    settings.PAT_AUTH_PREPARED_STATEMENT = False
    _, code = make_pat()
    with django_assert_num_queries(1) as queries:
        assert token_get_for_authentication(digest=codes.digest(code)) is not None
    assert queries.captured_queries[0]["sql"].startswith("SELECT ")


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_bound_statement_gives_the_orms_values(make_pat, django_assert_num_queries):
    """Outside a transaction the prepared statement is bound at the protocol level and its
    row comes back in binary: every value as the ORM reads it, JSON and nulls included."""
    token, code = make_pat(can_write=True)
    addresses = [{"ip": "2001:db8::1", "seen_at": "2031-02-03T04:05:06.789012+00:00"}]
    PersonalAccessToken.objects.filter(pk=token.pk).update(
        recent_addresses=addresses,
        last_used_at=datetime(2031, 2, 3, 4, 5, 6, 789012, tzinfo=UTC),
        previous_digest="f" * 64,
        previous_valid_until=None,
    )
    type(token.user).objects.filter(pk=token.user.pk).update(external_id="ext-7", last_login=None)
    token_get_for_authentication(digest=codes.digest(code))  # prepared on this connection
    with django_assert_num_queries(1) as queries:
        found = token_get_for_authentication(digest=codes.digest(code))
    assert "bound, binary results" in queries.captured_queries[0]["sql"]
    assert codes.digest(code) not in queries.captured_queries[0]["sql"]
    expected = PersonalAccessToken.objects.select_related("user", "team").get(pk=token.pk)
    pairs = ((found, expected), (found.user, expected.user), (found.team, expected.team))
    for mine, theirs in pairs:
        for field in type(theirs)._meta.concrete_fields:
            assert getattr(mine, field.attname) == getattr(theirs, field.attname), field.name
            assert type(getattr(mine, field.attname)) is type(getattr(theirs, field.attname))
    assert found.recent_addresses == addresses
    assert found.is_member is True
    # The replaced code finds the same row; an unknown digest finds none.
    assert token_get_for_authentication(digest="f" * 64).pk == token.pk
    assert token_get_for_authentication(digest="0" * 64) is None

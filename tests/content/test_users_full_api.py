"""The full official user shapes: `/users`, `/users/{userId}`, `/users/me`,
`/users/by-email/{email}` (team admins), `/users/by-external-id/{externalId}` (team admins)."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content.api_v3.users import BY_EMAIL_ADMIN_ONLY_MESSAGE, BY_EXTERNAL_ID_ADMIN_ONLY_MESSAGE
from teams.models import Membership
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

USER_FIELDS = {
    "id", "accountId", "name", "avatarUrl", "webUrl", "reputation", "role",
    "email", "externalId", "department", "jobTitle",
}  # fmt: skip


def url(name, team=None, **kwargs):
    if team is not None:
        kwargs["team"] = team.slug
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def people(team):
    """An admin and a member with a full profile, and one without."""
    admin = MembershipFactory(team=team, role=Membership.Role.ADMIN, reputation=30).user
    profiled = UserFactory(job_title="Software Developer", department="Engineering")
    profiled.external_id = "ext-42"
    profiled.save()
    MembershipFactory(team=team, user=profiled, reputation=20)
    plain = MembershipFactory(team=team, reputation=10).user
    return admin, profiled, plain


@pytest.fixture
def clients(pat_client, team, people):
    admin, _profiled, plain = people
    return pat_client(team=team, user=admin)[0], pat_client(team=team, user=plain)[0]


@pytest.mark.parametrize("with_team", [True, False])
def test_user_detail_has_the_profile_fields(clients, team, people, with_team):
    _, member = clients
    _, profiled, plain = people
    scope = team if with_team else None
    body = member.get(url("api:user-detail", scope, userId=profiled.pk)).json()
    assert set(body) == USER_FIELDS | {"communities"}
    assert (body["jobTitle"], body["department"], body["externalId"]) == (
        "Software Developer",
        "Engineering",
        "ext-42",
    )
    assert (body["email"], body["role"], body["reputation"]) == (None, "Registered", 20)
    blank = member.get(url("api:user-detail", scope, userId=plain.pk)).json()
    # The member sees their own email; blank profile fields are null.
    assert (blank["jobTitle"], blank["department"], blank["externalId"]) == (None, None, None)
    assert blank["email"] == plain.email
    me = member.get(url("api:users-me", scope)).json()
    assert (me["id"], me["email"]) == (plain.pk, plain.email)


def test_user_list_items_are_full_users_with_emails_for_admins(clients, team, people):
    admin_client, member = clients
    admin, profiled, plain = people
    as_member = {u["id"]: u for u in member.get(url("api:users", team)).json()["items"]}
    assert set(as_member[profiled.pk]) == USER_FIELDS
    assert as_member[profiled.pk]["email"] is None
    assert as_member[plain.pk]["email"] == plain.email
    assert as_member[admin.pk]["role"] == "Admin"
    assert as_member[profiled.pk]["jobTitle"] == "Software Developer"
    as_admin = {u["id"]: u for u in admin_client.get(url("api:users", team)).json()["items"]}
    assert {u["email"] for u in as_admin.values()} == {admin.email, profiled.email, plain.email}


@pytest.mark.parametrize("with_team", [True, False])
def test_admin_looks_up_by_email_and_external_id(clients, team, people, with_team):
    admin_client, _ = clients
    _, profiled, _ = people
    scope = team if with_team else None
    body = admin_client.get(url("api:user-by-email", scope, email=profiled.email.upper())).json()
    assert (body["id"], body["email"], body["communities"]) == (profiled.pk, profiled.email, [])
    found = admin_client.get(url("api:user-by-external-id", scope, externalId="ext-42"))
    assert found.status_code == HTTPStatus.OK
    items = found.json()
    assert [u["id"] for u in items] == [profiled.pk]
    assert set(items[0]) == USER_FIELDS
    assert items[0]["email"] == profiled.email
    for external_id in ("EXT-42", "nobody"):
        response = admin_client.get(url("api:user-by-external-id", scope, externalId=external_id))
        assert response.status_code == HTTPStatus.NOT_FOUND


def test_external_ids_of_other_teams_are_404(clients, team):
    admin_client, _ = clients
    stranger = MembershipFactory().user
    stranger.external_id = "theirs"
    stranger.save()
    response = admin_client.get(url("api:user-by-external-id", team, externalId="theirs"))
    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("exists", [True, False])
def test_members_cannot_probe_email_addresses(clients, team, people, exists):
    """A member's 403 is the same whether or not the address (or external id) exists."""
    _, member = clients
    _, profiled, _ = people
    email = profiled.email if exists else "nobody@example.com"
    response = member.get(url("api:user-by-email", team, email=email))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json()["detail"] == BY_EMAIL_ADMIN_ONLY_MESSAGE
    malformed = member.get(f"/api/v3/teams/{team.slug}/users/by-email/not-an-email")
    assert malformed.status_code == HTTPStatus.FORBIDDEN
    external_id = "ext-42" if exists else "nobody"
    response = member.get(url("api:user-by-external-id", team, externalId=external_id))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json()["detail"] == BY_EXTERNAL_ID_ADMIN_ONLY_MESSAGE


def test_external_id_path_is_validated(clients, team):
    admin_client, _ = clients
    response = admin_client.get(f"/api/v3/teams/{team.slug}/users/by-external-id/a%00b")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "externalId" in response.json()["errors"]


def _count(client, path, params=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path, params or {})
    assert response.status_code == HTTPStatus.OK, response.content
    return len(ctx.captured_queries)


def test_user_budgets(clients, team, people):
    admin_client, _ = clients
    for _ in range(101):
        MembershipFactory(team=team, user=UserFactory(job_title="Dev", department="R&D"))
    admin_client.get(url("api:users", team))  # the token's first request refreshes last_used
    small = _count(admin_client, url("api:users", team), {"pageSize": 1})
    large = _count(admin_client, url("api:users", team), {"pageSize": 100})
    assert small == large <= 6
    _, profiled, _ = people
    for path in (
        url("api:user-detail", team, userId=profiled.pk),
        url("api:users-me", team),
        url("api:user-by-email", team, email=profiled.email),
        url("api:user-by-external-id", team, externalId="ext-42"),
    ):
        assert _count(admin_client, path) <= 5, path

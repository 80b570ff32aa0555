"""The token admin: staff can look, search, filter and revoke; never mint, edit or see a digest."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from teams.plans import Plan
from tests.factories import TeamFactory, UserFactory, make_token
from tokens.models import PersonalAccessToken, TokenEvent

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:tokens_personalaccesstoken_changelist"
EVENTS = "admin:tokens_tokenevent_changelist"


@pytest.fixture
def staff_client(client):
    """A staff member (not a superuser) with the view and delete permissions on tokens."""
    staff = UserFactory(is_staff=True, username="staffer")
    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="tokens",
            codename__in=[
                "view_personalaccesstoken",
                "delete_personalaccesstoken",
                "view_tokenevent",
            ],
        )
    )
    client.force_login(staff)
    client.staff = staff
    return client


def _descriptions(response) -> list[str]:
    return sorted(t.description for t in response.context["cl"].result_list)


def test_changelist_shows_the_columns_and_never_a_digest(admin_client):
    token, code = make_token(can_write=True, description="Deploy bot")
    PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())

    response = admin_client.get(reverse(CHANGELIST))

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    for text in ("Deploy bot", token.user.username, token.team.name, "read/write"):
        assert text in html
    for column in ("column-created_at", "column-expires_at", "column-last_used_at"):
        assert column in html
    assert token.digest not in html
    assert code not in html


def test_change_page_is_read_only_and_never_shows_the_digest(admin_client):
    token, code = make_token(description="Deploy bot")
    url = reverse("admin:tokens_personalaccesstoken_change", args=[token.pk])

    response = admin_client.get(url)

    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Deploy bot" in html
    assert token.digest not in html
    assert code not in html
    assert "digest" not in html.lower()
    assert '<input type="text" name="description"' not in html

    admin_client.post(url, {"description": "changed", "can_write": "on"})
    token.refresh_from_db()
    assert (token.description, token.can_write) == ("Deploy bot", False)


def test_staff_cannot_mint_a_token(admin_client):
    response = admin_client.get(reverse("admin:tokens_personalaccesstoken_add"))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert not PersonalAccessToken.objects.exists()


def test_search_by_description_user_and_team(admin_client):
    make_token(description="Alpha bot", team=TeamFactory(name="Rockets"))
    make_token(description="Beta bot", user=UserFactory(username="zelda"))

    for query, expected in [
        ("alpha", ["Alpha bot"]),
        ("zelda", ["Beta bot"]),
        ("rockets", ["Alpha bot"]),
    ]:
        response = admin_client.get(reverse(CHANGELIST), {"q": query})
        assert _descriptions(response) == expected, query


def test_filters_team_plan_write_access_and_expired(admin_client):
    basic = TeamFactory(plan=Plan.BASIC)
    make_token(description="reader", team=basic)
    make_token(description="writer", can_write=True)
    make_token(description="lasting", expires_in_days=None)
    gone, _ = make_token(description="gone")
    PersonalAccessToken.objects.filter(pk=gone.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )

    cases = [
        ({"team__id__exact": basic.pk}, ["reader"]),
        ({"team__plan__exact": "basic"}, ["reader"]),
        ({"team__plan__exact": "business"}, ["gone", "lasting", "writer"]),
        ({"can_write__exact": "1"}, ["writer"]),
        ({"can_write__exact": "0"}, ["gone", "lasting", "reader"]),
        ({"expired": "yes"}, ["gone"]),
        ({"expired": "no"}, ["lasting", "reader", "writer"]),
    ]
    for params, expected in cases:
        response = admin_client.get(reverse(CHANGELIST), params)
        assert response.status_code == HTTPStatus.OK
        assert _descriptions(response) == expected, params


def test_revoke_action_goes_through_the_service_with_an_audit_line_each(staff_client):
    first, first_code = make_token(description="first")
    second, _ = make_token(description="second")
    make_token(description="kept")

    response = staff_client.post(
        reverse(CHANGELIST),
        {"action": "revoke_selected", "_selected_action": [first.pk, second.pk]},
        REMOTE_ADDR="198.51.100.4",
    )

    assert response.status_code == HTTPStatus.FOUND
    assert list(PersonalAccessToken.objects.values_list("description", flat=True)) == ["kept"]
    events = TokenEvent.objects.filter(action=TokenEvent.Action.REVOKED_BY_STAFF)
    assert sorted(e.token_id for e in events) == sorted([first.pk, second.pk])
    assert {(e.actor, e.ip) for e in events} == {(staff_client.staff, "198.51.100.4")}
    # The revoked code stops working at once.
    api = staff_client.get(reverse("api:me-token"), HTTP_AUTHORIZATION=f"Bearer {first_code}")
    assert api.status_code == HTTPStatus.UNAUTHORIZED


def test_the_revoke_action_replaces_delete_selected(admin_client):
    make_token()
    response = admin_client.get(reverse(CHANGELIST))
    actions = dict(response.context["action_form"].fields["action"].choices)
    assert "revoke_selected" in actions
    assert actions["revoke_selected"] == "Revoke selected tokens"
    assert "delete_selected" not in actions


def test_delete_page_goes_through_the_service(staff_client):
    token, _ = make_token()
    url = reverse("admin:tokens_personalaccesstoken_delete", args=[token.pk])

    response = staff_client.post(url, {"post": "yes"}, REMOTE_ADDR="198.51.100.5")

    assert response.status_code == HTTPStatus.FOUND
    assert not PersonalAccessToken.objects.exists()
    event = TokenEvent.objects.get(action=TokenEvent.Action.REVOKED_BY_STAFF)
    assert (event.token_id, event.actor, event.ip) == (token.pk, staff_client.staff, "198.51.100.5")


def test_staff_without_the_delete_permission_cannot_revoke(client):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_personalaccesstoken"))
    client.force_login(staff)
    token, _ = make_token()

    client.post(reverse(CHANGELIST), {"action": "revoke_selected", "_selected_action": [token.pk]})

    assert PersonalAccessToken.objects.filter(pk=token.pk).exists()
    assert not TokenEvent.objects.filter(action=TokenEvent.Action.REVOKED_BY_STAFF).exists()


def test_audit_trail_is_listed_and_filtered_but_read_only(admin_client):
    token, _ = make_token(description="audited")
    make_token(description="other team")
    event = TokenEvent.objects.get(token_id=token.pk)

    response = admin_client.get(reverse(EVENTS), {"team__id__exact": token.team_id})
    assert [e.description for e in response.context["cl"].result_list] == ["audited"]
    response = admin_client.get(reverse(EVENTS), {"action__exact": "deleted"})
    assert list(response.context["cl"].result_list) == []

    assert (
        admin_client.get(reverse("admin:tokens_tokenevent_add")).status_code == HTTPStatus.FORBIDDEN
    )
    change = reverse("admin:tokens_tokenevent_change", args=[event.pk])
    admin_client.post(change, {"description": "tampered", "action": "deleted"})
    event.refresh_from_db()
    assert (event.description, event.action) == ("audited", TokenEvent.Action.CREATED)
    delete = reverse("admin:tokens_tokenevent_delete", args=[event.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == HTTPStatus.FORBIDDEN
    assert TokenEvent.objects.filter(pk=event.pk).exists()

from http import HTTPStatus

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_team_admin_lists_teams_with_member_counts(admin_client):
    membership = MembershipFactory()
    response = admin_client.get(reverse("admin:teams_team_changelist"))
    assert response.status_code == HTTPStatus.OK
    assert membership.team.name.encode() in response.content


def test_team_admin_change_page_has_membership_inline(admin_client):
    membership = MembershipFactory()
    response = admin_client.get(reverse("admin:teams_team_change", args=[membership.team.pk]))
    assert response.status_code == HTTPStatus.OK
    assert b"memberships-TOTAL_FORMS" in response.content


def test_membership_admin_filters_by_plan(admin_client):
    MembershipFactory(team__plan="basic", user__username="basicuser")
    MembershipFactory(team__plan="free", user__username="freeuser")
    response = admin_client.get(
        reverse("admin:teams_membership_changelist"), {"team__plan__exact": "basic"}
    )
    assert b"basicuser" in response.content
    assert b"freeuser" not in response.content

"""Reads of a team's people (as Memberships, with their users)."""

from django.shortcuts import get_object_or_404

from teams.models import Membership, Team

from .common import check_id, ordered
from .pagination import Page, paginate

USER_SORTS = {"reputation": "reputation"}


def member_list(
    *, team: Team, page: int, page_size: int, sort: str = "reputation", order: str = "desc"
) -> Page:
    """A page of the team's members (as Memberships, with their users)."""
    members = Membership.objects.filter(team=team)
    return paginate(
        ordered(members, USER_SORTS[sort], order),
        page=page,
        page_size=page_size,
        total_count=members.count(),
        decorate=lambda rows: rows.select_related("user"),
    )


def member_get(*, team: Team, user_id: int) -> Membership:
    """A team member (404 if the user is not in the team), with the user loaded."""
    check_id(user_id)
    return get_object_or_404(Membership.objects.select_related("user"), team=team, user_id=user_id)


def member_get_by_email(*, team: Team, email: str) -> Membership:
    """A team member by email address, regardless of case (404 if none)."""
    return get_object_or_404(
        Membership.objects.select_related("user"), team=team, user__email__iexact=email
    )


def member_is_admin(*, team: Team, user) -> bool:
    return Membership.objects.filter(team=team, user=user, role=Membership.Role.ADMIN).exists()


def member_get_by_external_id(*, team: Team, external_id: str) -> Membership:
    """A team member by the external id of their account (404 if none)."""
    return get_object_or_404(
        Membership.objects.select_related("user"), team=team, user__external_id=external_id
    )

"""Reads of a team's user groups.

A group reports only the members who are still in the team: membership is checked in the
query (an `EXISTS` on the team's memberships), so a user who leaves the team drops out of
every group's `users` and `size` without any write. A list is its count, one query for
the page's groups and one for their members (with each member's reputation and role in
the team), whatever the page size.
"""

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from teams.models import Membership, Team

from ..models import UserGroup
from .common import check_id, member_annotations
from .pagination import Page, paginate

USER_GROUP_SORTS = ("name", "size")


def _in_team(team: Team, user_field: str):
    return Exists(Membership.objects.filter(team_id=team.pk, user_id=OuterRef(user_field)))


def _size(team: Team):
    """The number of the group's members still in the team (a subquery: groups are few per
    team, so sorting on it reads the team's groups only)."""
    members = (
        UserGroup.members.through.objects.filter(usergroup_id=OuterRef("pk"))
        .filter(_in_team(team, "user_id"))
        .order_by()
        .values("usergroup_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(members, output_field=IntegerField()), Value(0))


def group_members_prefetch(team: Team, lookup: str = "members") -> Prefetch:
    """Prefetch of a group's members who are in `team` into `members_in_team`, each with
    `member_reputation` and `member_role` (their reputation and role in the team)."""
    users = (
        get_user_model()
        .objects.filter(_in_team(team, "pk"))
        .annotate(**member_annotations(team=team, prefix="member", user_field="pk"))
        .order_by("id")
    )
    return Prefetch(lookup, queryset=users, to_attr="members_in_team")


def user_group_list(
    *, team: Team, page: int, page_size: int, sort: str = "name", order: str = "asc"
) -> Page:
    """A page of the team's user groups, by name (the `(team, name, id)` index) or size."""
    groups = team.user_groups.all()
    if sort == "size":
        size = _size(team)
        ordering = [size.desc(), "-id"] if order == "desc" else [size.asc(), "id"]
    else:
        ordering = ["-name", "-id"] if order == "desc" else ["name", "id"]
    return paginate(
        groups.order_by(*ordering),
        page=page,
        page_size=page_size,
        total_count=groups.count(),
        decorate=lambda rows: rows.prefetch_related(group_members_prefetch(team)),
    )


def user_group_get(*, team: Team, user_group_id: int) -> UserGroup:
    """A group of the team with its members in the team (404 if unknown or another team's)."""
    check_id(user_group_id)
    rows = team.user_groups.filter(pk=user_group_id).prefetch_related(group_members_prefetch(team))
    return get_object_or_404(rows)


def user_group_get_for_write(*, team: Team, user_group_id: int) -> UserGroup:
    """A group of the team, bare, to hand to a service (404 if not found)."""
    check_id(user_group_id)
    return get_object_or_404(team.user_groups.all(), pk=user_group_id)


def user_group_choice_list(*, team: Team) -> list[tuple[int, str]]:
    """`(id, name)` of every user group of the team, by name (the `(team, name, id)`
    index): the choices of a form that names groups. One query."""
    return list(team.user_groups.order_by("name", "id").values_list("pk", "name"))

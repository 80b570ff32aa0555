"""Writes of a team's user groups.

Who may do what: a team admin creates, renames and changes the members of the team's
groups; any member reads them. The official document names no role on these operations
(only write access), but answers 403 "Inadequate permissions" on creation, and a group
is a grant (it may edit collections and articles), so a member who could add themselves
to any group could give themselves every grant of that group. Staff using the Django
admin act with `user=None`.

A group's members are always members of its team: ids that are not are refused with a
400 naming them. A group's name is unique in its team regardless of case.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from teams.models import Membership, Team

from ..models import UserGroup
from .common import is_team_admin

GROUP_ADMIN_ONLY_MESSAGE = "Only a team admin may create or change user groups."
GROUP_NAME_TAKEN_MESSAGE = "The team already has a user group with this name."
GROUP_NAME_REQUIRED_MESSAGE = "A user group needs a name."
NOT_TEAM_MEMBERS_MESSAGE = "These users are not members of the team: {ids}."
MEMBERS_REQUIRED_MESSAGE = "Give at least one user id."


def check_may_manage_groups(*, team: Team, user) -> None:
    """Refuse unless `user` is an admin of `team` (`None`: staff in the Django admin)."""
    if user is not None and not is_team_admin(team=team, user=user):
        raise PermissionDenied(GROUP_ADMIN_ONLY_MESSAGE)


def team_member_ids(*, team: Team, user_ids: Iterable[int], field: str) -> list[int]:
    """`user_ids` without duplicates (in order), all members of `team`, else a 400 on
    `field` naming those that are not."""
    wanted = list(dict.fromkeys(user_ids))
    found = set(
        Membership.objects.filter(team=team, user_id__in=wanted).values_list("user_id", flat=True)
    )
    missing = [user_id for user_id in wanted if user_id not in found]
    if missing:
        ids = ", ".join(str(user_id) for user_id in missing)
        raise ValidationError({field: [NOT_TEAM_MEMBERS_MESSAGE.format(ids=ids)]})
    return wanted


def group_name_clean(*, team: Team, name: str, exclude_pk: int | None = None) -> str:
    """`name` stripped, else a 400 on `name` if blank or taken in `team` (in any case)."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": [GROUP_NAME_REQUIRED_MESSAGE]})
    taken = team.user_groups.filter(name__iexact=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError({"name": [GROUP_NAME_TAKEN_MESSAGE]})
    return name


def _save(group: UserGroup, **kwargs) -> None:
    """Save, turning a lost race on the unique name into the same 400."""
    try:
        with transaction.atomic():
            group.save(**kwargs)
    except IntegrityError as error:
        raise ValidationError({"name": [GROUP_NAME_TAKEN_MESSAGE]}) from error


@transaction.atomic
def user_group_create(
    *, team: Team, user, name: str, description: str = "", user_ids: Iterable[int] = ()
) -> UserGroup:
    """Create a group of `team` with these members."""
    check_may_manage_groups(team=team, user=user)
    member_ids = team_member_ids(team=team, user_ids=user_ids, field="userIds")
    name = group_name_clean(team=team, name=name)
    group = UserGroup(team=team, name=name, description=description)
    _save(group)
    group.members.set(member_ids)
    return group


@transaction.atomic
def user_group_update(
    *,
    group: UserGroup,
    user,
    name: str,
    description: str | None = None,
    user_ids: Iterable[int] | None = None,
) -> UserGroup:
    """Rename a group; change its description and replace its members when given."""
    team = group.team
    check_may_manage_groups(team=team, user=user)
    group.name = group_name_clean(team=team, name=name, exclude_pk=group.pk)
    if description is not None:
        group.description = description
    if user_ids is not None:
        group.members.set(team_member_ids(team=team, user_ids=user_ids, field="userIds"))
    _save(group, update_fields=["name", "description"])
    return group


@transaction.atomic
def user_group_members_add(*, group: UserGroup, user, user_ids: Iterable[int]) -> UserGroup:
    """Add members to a group (those already in it stay as they are)."""
    team = group.team
    check_may_manage_groups(team=team, user=user)
    member_ids = team_member_ids(team=team, user_ids=user_ids, field="userIds")
    if not member_ids:
        raise ValidationError({"userIds": [MEMBERS_REQUIRED_MESSAGE]})
    group.members.add(*member_ids)
    return group


@transaction.atomic
def user_group_member_remove(*, group: UserGroup, user, member_id: int) -> UserGroup:
    """Remove a member from a group (404 if they are not in it)."""
    check_may_manage_groups(team=group.team, user=user)
    removed, _ = UserGroup.members.through.objects.filter(
        usergroup_id=group.pk, user_id=member_id
    ).delete()
    if not removed:
        raise Http404
    return group


@transaction.atomic
def user_group_delete(*, group: UserGroup, user) -> None:
    """Delete a group (not part of API v3; the Django admin uses it)."""
    check_may_manage_groups(team=group.team, user=user)
    group.delete()

"""Writes of a team's tags: the tags of a post, subject-matter experts, watchers, synonyms."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from teams.models import Membership, Team

from ..models import (
    TAG_NAME_MAX_LENGTH,
    TAG_NAME_MESSAGE,
    TAG_NAME_PATTERN,
    Tag,
    TagSynonym,
    TagWatch,
    UserGroup,
)
from .common import is_team_admin

TAGS_REQUIRED_MESSAGE = "A question needs between 1 and 5 tags."
MAX_TAGS = 5
SME_NOT_ALLOWED_MESSAGE = "Only a team admin may change the subject matter experts of a tag."
SME_UNKNOWN_USERS_MESSAGE = "Not users of this team: {ids}."
SME_UNKNOWN_GROUPS_MESSAGE = "Not user groups of this team: {ids}."
SME_USER_NOT_FOUND_MESSAGE = "This user is not a subject matter expert of the tag."
SME_GROUP_NOT_FOUND_MESSAGE = "This user group is not a subject matter expert of the tag."
WATCH_NOT_MEMBER_MESSAGE = "Only a member of the team may watch its tags."
SYNONYM_IS_A_TAG_MESSAGE = "A tag of this name already exists: a synonym must be another name."
SYNONYM_EXISTS_MESSAGE = "This team already has a synonym of this name."


def _normalise(name: str) -> str:
    return name.strip().lower()


def tag_names_clean(*, names: list[str]) -> list[str]:
    """A post's tag names, normalised and de-duplicated; between 1 and `MAX_TAGS`, each a
    valid tag name (`TAG_NAME_PATTERN`, at most `TAG_NAME_MAX_LENGTH` characters)."""
    unique = list(dict.fromkeys(_normalise(name) for name in names if name.strip()))
    if not 1 <= len(unique) <= MAX_TAGS:
        raise ValidationError({"tags": [TAGS_REQUIRED_MESSAGE]})
    for name in unique:
        if len(name) > TAG_NAME_MAX_LENGTH or not re.match(TAG_NAME_PATTERN, name):
            raise ValidationError({"tags": [TAG_NAME_MESSAGE]})
    return unique


def tags_for(*, team: Team, names: list[str]) -> list[Tag]:
    """The team's tags of these names (normalised, de-duplicated), created when missing.

    A name that is a synonym of a tag gives its master tag (`python3` → `python`), so a
    post never carries a synonym; duplicates after the mapping count once.
    """
    unique = tag_names_clean(names=names)
    masters = dict(
        TagSynonym.objects.filter(team=team, name__in=unique).values_list("name", "tag__name")
    )
    unique = list(dict.fromkeys(masters.get(name, name) for name in unique))
    existing = {tag.name: tag for tag in Tag.objects.filter(team=team, name__in=unique)}
    tags = []
    for name in unique:
        tag = existing.get(name)
        if tag is None:
            tag, _ = Tag.objects.get_or_create(team=team, name=name)
        tags.append(tag)
    return tags


# --- Subject-matter experts ---------------------------------------------------------------


def _check_may_manage_smes(*, tag: Tag, user) -> None:
    if not is_team_admin(team=tag.team, user=user):
        raise PermissionDenied(SME_NOT_ALLOWED_MESSAGE)


def _team_user_ids(*, team: Team, user_ids) -> list[int]:
    """The ids, de-duplicated; a 400 naming those that are not members of the team."""
    wanted = list(dict.fromkeys(user_ids))
    found = set(
        Membership.objects.filter(team=team, user_id__in=wanted).values_list("user_id", flat=True)
    )
    unknown = [i for i in wanted if i not in found]
    if unknown:
        ids = ", ".join(map(str, unknown))
        raise ValidationError({"userIds": [SME_UNKNOWN_USERS_MESSAGE.format(ids=ids)]})
    return wanted


def _team_group_ids(*, team: Team, group_ids) -> list[int]:
    wanted = list(dict.fromkeys(group_ids))
    found = set(UserGroup.objects.filter(team=team, pk__in=wanted).values_list("pk", flat=True))
    unknown = [i for i in wanted if i not in found]
    if unknown:
        ids = ", ".join(map(str, unknown))
        raise ValidationError({"userGroupIds": [SME_UNKNOWN_GROUPS_MESSAGE.format(ids=ids)]})
    return wanted


@transaction.atomic
def tag_smes_replace(*, tag: Tag, user, user_ids: list[int], group_ids: list[int]) -> None:
    """Make exactly these users and user groups the tag's subject-matter experts.

    Team admins only (Stack Internal leaves SMEs to admins and moderators; a team here
    has no moderators). Every id must be a member or a user group of the tag's team, else
    nothing changes and the 400 names the ids that are not.
    """
    _check_may_manage_smes(tag=tag, user=user)
    users = _team_user_ids(team=tag.team, user_ids=user_ids)
    groups = _team_group_ids(team=tag.team, group_ids=group_ids)
    tag.sme_users.set(users)
    tag.sme_groups.set(groups)


def tag_smes_add(*, tag: Tag, user, user_ids: list[int] = (), group_ids: list[int] = ()) -> None:
    """Add users and/or user groups to the tag's subject-matter experts (same rules as
    `tag_smes_replace`; ids that already are SMEs are left as they are)."""
    _check_may_manage_smes(tag=tag, user=user)
    tag_smes_assign(tag=tag, user_ids=user_ids, group_ids=group_ids)


@transaction.atomic
def tag_smes_assign(*, tag: Tag, user_ids: list[int] = (), group_ids: list[int] = ()) -> None:
    """Add SMEs on behalf of the system (the demo seed), with no caller to check: the ids
    must still be members and groups of the tag's team."""
    users = _team_user_ids(team=tag.team, user_ids=user_ids)
    groups = _team_group_ids(team=tag.team, group_ids=group_ids)
    if users:
        tag.sme_users.add(*users)
    if groups:
        tag.sme_groups.add(*groups)


def tag_sme_user_remove(*, tag: Tag, user, user_id: int) -> None:
    """Remove a user from the tag's SMEs (404 if they are not one)."""
    _check_may_manage_smes(tag=tag, user=user)
    deleted, _ = Tag.sme_users.through.objects.filter(tag=tag, user_id=user_id).delete()
    if not deleted:
        raise Http404(SME_USER_NOT_FOUND_MESSAGE)


def tag_sme_group_remove(*, tag: Tag, user, group_id: int) -> None:
    """Remove a user group from the tag's SMEs (404 if it is not one)."""
    _check_may_manage_smes(tag=tag, user=user)
    deleted, _ = Tag.sme_groups.through.objects.filter(tag=tag, usergroup_id=group_id).delete()
    if not deleted:
        raise Http404(SME_GROUP_NOT_FOUND_MESSAGE)


# --- Watchers -----------------------------------------------------------------------------


def tag_watch(*, tag: Tag, user) -> TagWatch:
    """`user` watches `tag` (idempotent). Only members of the tag's team may."""
    if not Membership.objects.filter(team_id=tag.team_id, user=user).exists():
        raise PermissionDenied(WATCH_NOT_MEMBER_MESSAGE)
    watch, _ = TagWatch.objects.get_or_create(tag=tag, user=user)
    return watch


def tag_unwatch(*, tag: Tag, user) -> None:
    """`user` stops watching `tag` (idempotent)."""
    TagWatch.objects.filter(tag=tag, user=user).delete()


# --- Synonyms -----------------------------------------------------------------------------


def tag_synonym_check(*, tag: Tag, name: str) -> str:
    """The synonym name, normalised as tags are; a ValidationError on `name` when it is a
    tag of the team (a question would have to choose) or already a synonym there."""
    name = _normalise(name)
    if Tag.objects.filter(team_id=tag.team_id, name=name).exists():
        raise ValidationError({"name": [SYNONYM_IS_A_TAG_MESSAGE]})
    if TagSynonym.objects.filter(team_id=tag.team_id, name=name).exists():
        raise ValidationError({"name": [SYNONYM_EXISTS_MESSAGE]})
    return name


def tag_synonym_create(*, tag: Tag, name: str) -> TagSynonym:
    """Give `tag` another name (see `tag_synonym_check`)."""
    name = tag_synonym_check(tag=tag, name=name)
    try:
        with transaction.atomic():
            return TagSynonym.objects.create(team_id=tag.team_id, name=name, tag=tag)
    except IntegrityError:
        raise ValidationError({"name": [SYNONYM_EXISTS_MESSAGE]}) from None


def tag_synonym_delete(*, synonym: TagSynonym) -> None:
    synonym.delete()

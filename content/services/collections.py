"""Writes of a team's collections.

Who may do what: any member with write access creates a collection (and owns it). Its
owner, its editors (users, and the members of its editor groups) and the team's admins
change its title, description, content and editors; only its owner or a team admin
transfers it to another member (`ownerId`) or deletes it. Staff in the Django admin act
with `user=None`.

Content ids: API v3 takes one list of "questions and/or articles" without a type. Posts
share one id space (content/models/posts.py), so each id names one question or article of
the team; an id that is neither (an answer's, another team's, unknown) is a 400 naming it.
The order is kept; a repeated id keeps its first place. Callers that know the kind of each
item (the demo, the admin) may pass `content` as `(kind, id)` pairs instead: that is still
the only way to name an article made before migration 0009 whose id an older question also
has (see `post_kinds`).
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from teams.models import Team

from ..models import COLLECTION_MAX_ITEMS, Collection, CollectionItem
from ..selectors.collections import collection_editable_by
from ..selectors.posts import post_kinds
from .common import is_team_admin
from .groups import team_member_ids

COLLECTION_EDIT_NOT_ALLOWED_MESSAGE = (
    "Only the owner of this collection, its editors or a team admin may change it."
)
COLLECTION_OWNER_ONLY_MESSAGE = (
    "Only the owner of this collection or a team admin may delete it or transfer it."
)
UNKNOWN_CONTENT_MESSAGE = "Not questions or articles of the team: {ids}."
UNKNOWN_GROUPS_MESSAGE = "Not user groups of the team: {ids}."
TOO_MANY_ITEMS_MESSAGE = f"A collection holds at most {COLLECTION_MAX_ITEMS} items."
TITLE_REQUIRED_MESSAGE = "A collection needs a title."


def check_may_edit_collection(*, collection: Collection, user) -> None:
    if user is None or collection.owner_id == user.pk:
        return
    if is_team_admin(team=collection.team, user=user):
        return
    editable = Collection.objects.filter(pk=collection.pk).filter(collection_editable_by(user=user))
    if not editable.exists():
        raise PermissionDenied(COLLECTION_EDIT_NOT_ALLOWED_MESSAGE)


def check_may_own_collection(*, collection: Collection, user) -> None:
    """Refuse unless `user` owns the collection or is an admin of its team."""
    if user is None or collection.owner_id == user.pk:
        return
    if not is_team_admin(team=collection.team, user=user):
        raise PermissionDenied(COLLECTION_OWNER_ONLY_MESSAGE)


def _items(*, team: Team, content_ids: Iterable[int]) -> list[tuple[str, int]]:
    """`(kind, id)` of each content id, in order (see the module docstring)."""
    wanted = list(dict.fromkeys(content_ids))
    if len(wanted) > COLLECTION_MAX_ITEMS:
        raise ValidationError({"contentIds": [TOO_MANY_ITEMS_MESSAGE]})
    kinds = post_kinds(team=team, ids=wanted, kinds=("question", "article"))
    _refuse_unknown([pk for pk in wanted if pk not in kinds])
    return [(kinds[pk], pk) for pk in wanted]


def _typed_items(*, team: Team, content: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """`content` given as `(kind, id)` pairs (kind "question" or "article"), checked to be
    the team's, in order, without repeats."""
    wanted = list(dict.fromkeys((kind, pk) for kind, pk in content))
    if len(wanted) > COLLECTION_MAX_ITEMS:
        raise ValidationError({"contentIds": [TOO_MANY_ITEMS_MESSAGE]})
    found = {
        ("question", pk)
        for pk in team.questions.filter(
            pk__in=[pk for kind, pk in wanted if kind == "question"]
        ).values_list("pk", flat=True)
    } | {
        ("article", pk)
        for pk in team.articles.filter(
            pk__in=[pk for kind, pk in wanted if kind == "article"]
        ).values_list("pk", flat=True)
    }
    _refuse_unknown([pk for kind, pk in wanted if (kind, pk) not in found])
    return wanted


def _refuse_unknown(unknown: list[int]) -> None:
    if unknown:
        ids = ", ".join(str(pk) for pk in unknown)
        raise ValidationError({"contentIds": [UNKNOWN_CONTENT_MESSAGE.format(ids=ids)]})


def _group_ids(*, team: Team, group_ids: Iterable[int]) -> list[int]:
    wanted = list(dict.fromkeys(group_ids))
    found = set(team.user_groups.filter(pk__in=wanted).values_list("pk", flat=True))
    unknown = [pk for pk in wanted if pk not in found]
    if unknown:
        ids = ", ".join(str(pk) for pk in unknown)
        raise ValidationError({"editorUserGroupIds": [UNKNOWN_GROUPS_MESSAGE.format(ids=ids)]})
    return wanted


def _title(title: str) -> str:
    title = title.strip()
    if not title:
        raise ValidationError({"title": [TITLE_REQUIRED_MESSAGE]})
    return title


def _set_items(collection: Collection, items: list[tuple[str, int]]) -> None:
    collection.items.all().delete()
    CollectionItem.objects.bulk_create(
        CollectionItem(collection=collection, position=position, **{f"{kind}_id": pk})
        for position, (kind, pk) in enumerate(items)
    )


@transaction.atomic
def collection_create(
    *,
    team: Team,
    user,
    title: str,
    description: str = "",
    editor_user_ids: Iterable[int] = (),
    editor_group_ids: Iterable[int] = (),
    content_ids: Iterable[int] = (),
    content: Iterable[tuple[str, int]] | None = None,
) -> Collection:
    """Create a collection of `team` owned by `user`, its content in the order given:
    `content_ids` as API v3 gives them, or `content` as `(kind, id)` pairs for callers
    that know what each id is (the demo, the admin)."""
    title = _title(title)
    editors = team_member_ids(team=team, user_ids=editor_user_ids, field="editorUserIds")
    groups = _group_ids(team=team, group_ids=editor_group_ids)
    if content is not None:
        items = _typed_items(team=team, content=content)
    else:
        items = _items(team=team, content_ids=content_ids)
    now = timezone.now()
    collection = Collection.objects.create(
        team=team,
        title=title,
        description=description,
        owner=user,
        created_at=now,
        last_edited_at=now,
    )
    collection.editor_users.set(editors)
    collection.editor_groups.set(groups)
    _set_items(collection, items)
    return collection


@transaction.atomic
def collection_update(
    *,
    collection: Collection,
    user,
    owner_id: int | None = None,
    title: str | None = None,
    description: str | None = None,
    editor_user_ids: Iterable[int] | None = None,
    editor_group_ids: Iterable[int] | None = None,
    content_ids: Iterable[int] | None = None,
    content: Iterable[tuple[str, int]] | None = None,
) -> Collection:
    """Change what is given (`None`: unchanged); `owner_id` transfers the collection to
    another member of the team; `content` replaces `content_ids` as in `collection_create`."""
    team = collection.team
    check_may_edit_collection(collection=collection, user=user)
    if owner_id is not None and owner_id != collection.owner_id:
        check_may_own_collection(collection=collection, user=user)
        (owner_id,) = team_member_ids(team=team, user_ids=[owner_id], field="ownerId")
        collection.owner_id = owner_id
    if title is not None:
        collection.title = _title(title)
    if description is not None:
        collection.description = description
    if editor_user_ids is not None:
        editors = team_member_ids(team=team, user_ids=editor_user_ids, field="editorUserIds")
        collection.editor_users.set(editors)
    if editor_group_ids is not None:
        collection.editor_groups.set(_group_ids(team=team, group_ids=editor_group_ids))
    if content is not None:
        _set_items(collection, _typed_items(team=team, content=content))
    elif content_ids is not None:
        _set_items(collection, _items(team=team, content_ids=content_ids))
    collection.last_edited_at = timezone.now()
    collection.save(update_fields=["owner", "title", "description", "last_edited_at"])
    return collection


@transaction.atomic
def collection_delete(*, collection: Collection, user) -> None:
    """Delete a collection (its owner or a team admin)."""
    check_may_own_collection(collection=collection, user=user)
    collection.delete()

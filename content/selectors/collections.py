"""Reads of a team's collections.

Query budgets (tested): a list is its count, one query for the page's collections (owner
joined, with the owner's reputation and role in the team as subqueries) and one for the
tags of all their contents, whatever the page size. A detail is the collection, one query
for its contents with their titles and tags (in order), and one for its editors: the
editor groups with their members and the direct editors, with their reputation and role
(people who left the team are not shown).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import CharField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value
from django.http import Http404
from django.shortcuts import get_object_or_404

from teams.models import Membership, Team

from ..models import Collection, CollectionItem, Tag, UserGroup
from .common import check_id, member_annotations, ordered
from .pagination import Page, paginate

COLLECTION_SORTS = {"creation": "created_at", "lastEdit": "last_edited_at"}
COLLECTION_PERMISSIONS = ("all", "owned", "editable")
_TAG_FIELDS = ("id", "name", "description", "post_count", "created_at")


@dataclass(frozen=True)
class ContentEntry:
    """One entry of a collection as the API shows it."""

    id: int
    type: str  # "question" or "article"
    title: str


@dataclass
class EditorGroup:
    id: int
    name: str
    description: str
    members_in_team: list = field(default_factory=list)


def collection_editable_by(*, user) -> Q:
    """Collections `user` edits as their owner, an editor, or a member of an editor group
    (team admins edit every collection of their team: see the services)."""
    direct = Collection.editor_users.through.objects.filter(
        collection_id=OuterRef("pk"), user_id=user.pk
    )
    through_group = Collection.editor_groups.through.objects.filter(
        collection_id=OuterRef("pk"),
        usergroup__in=UserGroup.members.through.objects.filter(user_id=user.pk).values(
            "usergroup_id"
        ),
    )
    return Q(owner_id=user.pk) | Exists(direct) | Exists(through_group)


def _is_admin(*, team: Team, user) -> bool:
    return Membership.objects.filter(team=team, user=user, role=Membership.Role.ADMIN).exists()


def _decorate(queryset: QuerySet, *, team: Team) -> QuerySet:
    return queryset.select_related("owner").annotate(
        **member_annotations(team=team, prefix="owner", user_field="owner_id")
    )


def _contents(collection_ids: list[int]) -> dict[int, tuple[list[ContentEntry], list[Tag]]]:
    """Each collection's entries (in order) and the union of their tags (by name), in one
    query: each entry joined to its question's or its article's tags."""
    columns = ["collection_id", "position", "question_id", "question__title", "article_id"]
    columns += ["article__title"]
    columns += [f"question__tags__{name}" for name in _TAG_FIELDS]
    columns += [f"article__tags__{name}" for name in _TAG_FIELDS]
    rows = (
        CollectionItem.objects.filter(collection_id__in=collection_ids)
        .order_by("collection_id", "position")
        .values(*columns)
    )
    entries: dict[int, dict[int, ContentEntry]] = {pk: {} for pk in collection_ids}
    tags: dict[int, dict[int, Tag]] = {pk: {} for pk in collection_ids}
    for row in rows:
        collection_id = row["collection_id"]
        side = "question" if row["question_id"] is not None else "article"
        entries[collection_id].setdefault(
            row["position"], ContentEntry(row[f"{side}_id"], side, row[f"{side}__title"])
        )
        tag_id = row[f"{side}__tags__id"]
        if tag_id is not None and tag_id not in tags[collection_id]:
            values = {name: row[f"{side}__tags__{name}"] for name in _TAG_FIELDS}
            tags[collection_id][tag_id] = Tag(**values)
    return {
        pk: (
            list(entries[pk].values()),
            sorted(tags[pk].values(), key=lambda tag: tag.name),
        )
        for pk in collection_ids
    }


def _attach_contents(collections: list[Collection]) -> None:
    contents = _contents([c.pk for c in collections])
    for collection in collections:
        collection.content_entries, collection.content_tags = contents[collection.pk]


def collection_list(
    *,
    team: Team,
    user,
    page: int,
    page_size: int,
    sort: str = "creation",
    order: str = "desc",
    permissions: str = "all",
    author_ids: list[int] | None = None,
    partial_title: str | None = None,
    from_date: datetime | None = None,
    to_date: datetime | None = None,
) -> Page:
    """A page of the team's collections, filtered and sorted as the v3 list asks.

    `permissions`: `owned` (the caller owns them), `editable` (the caller may edit them:
    every collection for a team admin), `all`. `from`/`to` bound the creation date.
    """
    collections = team.collections.all()
    if permissions == "owned":
        collections = collections.filter(owner_id=user.pk)
    elif permissions == "editable" and not _is_admin(team=team, user=user):
        collections = collections.filter(collection_editable_by(user=user))
    if author_ids:
        collections = collections.filter(owner_id__in=author_ids)
    if partial_title:
        collections = collections.filter(title__icontains=partial_title)
    if from_date is not None:
        collections = collections.filter(created_at__gte=from_date)
    if to_date is not None:
        collections = collections.filter(created_at__lte=to_date)
    result = paginate(
        ordered(collections, COLLECTION_SORTS[sort], order),
        page=page,
        page_size=page_size,
        total_count=collections.count(),
        decorate=lambda rows: _decorate(rows, team=team),
    )
    if result.items:
        _attach_contents(result.items)
    return result


def collection_get(*, team: Team, collection_id: int) -> Collection:
    """A collection of the team in its full v3 shape (404 if unknown or another team's):
    `content_entries`, `content_tags`, `editor_members` (users with `member_reputation`
    and `member_role`) and `editor_user_groups` (`EditorGroup`s) set on it."""
    check_id(collection_id)
    collection = _decorate(team.collections.filter(pk=collection_id), team=team).first()
    if collection is None:
        raise Http404
    _attach_contents([collection])

    collection.editor_members, collection.editor_user_groups = _editors(collection, team=team)
    return collection


_PERSON_FIELDS = ("username", "display_name", "first_name", "last_name")


def _person_columns(team: Team, user_path: str) -> dict:
    """A user's columns (as `person_…`) and their reputation and role in `team` (`member_…`;
    a null role: not in the team)."""
    columns = {"person_id": F(f"{user_path}__id")}
    columns |= {f"person_{name}": F(f"{user_path}__{name}") for name in _PERSON_FIELDS}
    return columns | member_annotations(team=team, prefix="member", user_field=f"{user_path}__id")


def _editors(collection: Collection, *, team: Team) -> tuple[list, list[EditorGroup]]:
    """The direct editors still in the team, and the editor groups with their members still
    in the team: one `UNION ALL` of the groups (joined to their members, so an empty group
    is one row) and the direct editors (rows without a group)."""
    no_group = {
        "group_id": Value(None, output_field=IntegerField()),
        "group_name": Value(None, output_field=CharField()),
        "group_description": Value(None, output_field=CharField()),
    }
    groups = UserGroup.objects.filter(editable_collections=collection).values(
        group_id=F("id"),
        group_name=F("name"),
        group_description=F("description"),
        **_person_columns(team, "members"),
    )
    direct = Collection.editor_users.through.objects.filter(collection_id=collection.pk).values(
        **no_group, **_person_columns(team, "user")
    )
    User = get_user_model()
    editors: list = []
    by_group: dict[int, EditorGroup] = {}
    for row in groups.union(direct, all=True):
        person = None
        if row["person_id"] is not None and row["member_role"] is not None:
            person = User(
                id=row["person_id"], **{name: row[f"person_{name}"] for name in _PERSON_FIELDS}
            )
            person.member_reputation = row["member_reputation"]
            person.member_role = row["member_role"]
        if row["group_id"] is None:
            if person is not None:
                editors.append(person)
            continue
        group = by_group.setdefault(
            row["group_id"],
            EditorGroup(row["group_id"], row["group_name"], row["group_description"]),
        )
        if person is not None:
            group.members_in_team.append(person)
    for group in by_group.values():
        group.members_in_team.sort(key=lambda person: person.pk)
    editors.sort(key=lambda person: person.pk)
    groups_by_name = sorted(by_group.values(), key=lambda group: (group.name, group.id))
    return editors, groups_by_name


def collection_get_for_write(*, team: Team, collection_id: int) -> Collection:
    """A collection of the team, bare, to hand to a service (404 if not found)."""
    check_id(collection_id)
    return get_object_or_404(team.collections.all(), pk=collection_id)

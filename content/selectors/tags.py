"""Reads of a team's tags: lists and details with their SME, watcher and synonym facts,
the SMEs and watchers of a tag, the tags a user watches."""

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.shortcuts import get_object_or_404

from teams.models import Team

from ..models import Article, Question, Tag, TagSynonym, TagWatch, UserGroup
from .common import check_id, member_annotations, ordered
from .pagination import Page, paginate

# The sorts of API v3 (its documented enum).
TAG_SORTS = {"name": "name", "postCount": "post_count", "creationDate": "created_at"}
# Every ordering a face may ask for: v3's and `activity` (`tag_last_activity`).
TAG_ORDERINGS = {**TAG_SORTS, "activity": "last_activity_at"}


class _SubqueryCount(Subquery):
    """`COUNT(DISTINCT id)` of the rows of a correlated subquery, 0 when none."""

    template = "(SELECT COUNT(DISTINCT _rows.id) FROM (%(subquery)s) _rows)"
    output_field = IntegerField()


def _sme_users_of(tag_ref) -> QuerySet:
    """The users who are SMEs of the tag `tag_ref`, directly or through one of its groups
    (a user in both counts once: `.distinct()` or a distinct count)."""
    User = get_user_model()
    return User.objects.filter(Q(sme_tags=tag_ref) | Q(user_groups__sme_tags=tag_ref))


def tag_annotations() -> dict:
    """`sme_count` (distinct users: direct SMEs plus the members of SME groups, as the
    official `subjectMatterExpertCount` is defined), `watcher_count`, `has_synonyms`: three
    correlated subqueries, so a page of tags stays one query."""
    return {
        "sme_count": _SubqueryCount(_sme_users_of(OuterRef("pk")).values("id")),
        "watcher_count": _SubqueryCount(TagWatch.objects.filter(tag=OuterRef("pk")).values("id")),
        "has_synonyms": Exists(TagSynonym.objects.filter(tag=OuterRef("pk"))),
    }


def tag_last_activity() -> Greatest:
    """When a tag last saw activity: the latest `last_activity_at` of the team's questions
    and articles carrying it, else its creation. Two correlated subqueries on the tag's
    links (indexed by tag), as cheap per row as the counts of `tag_annotations`."""

    def latest(through, post):
        rows = (
            through.objects.filter(tag_id=OuterRef("pk"))
            .order_by()
            .values("tag_id")
            .annotate(last=Max(f"{post}__last_activity_at"))
            .values("last")
        )
        return Subquery(rows)

    questions = latest(Question.tags.through, "question")
    articles = latest(Article.tags.through, "article")
    # Each side stands in for the other when it has no rows (GREATEST with a NULL is NULL
    # on SQLite), and the tag's creation when neither has.
    return Coalesce(
        Greatest(Coalesce(questions, articles), Coalesce(articles, questions)), "created_at"
    )


def _has_smes() -> Exists:
    return Exists(_sme_users_of(OuterRef("pk")))


def tag_list(
    *,
    team: Team,
    page: int,
    page_size: int,
    sort: str = "postCount",
    order: str = "desc",
    partial_name: str | None = None,
    has_smes: bool | None = None,
    has_synonyms: bool | None = None,
    names: list[str] | None = None,
    min: object = None,
    max: object = None,
    with_activity: bool = False,
    with_synonyms: bool = False,
) -> Page:
    """A page of the team's tags, in one of the `TAG_ORDERINGS`. `has_smes`: only tags
    with (True) or without (False) at least one SME user, directly or through a group with
    members (so `hasSmes=true` is exactly `subjectMatterExpertCount > 0`); `has_synonyms`
    likewise for synonyms.

    API v2.3 asks for more: only the tags of these `names` (lower-cased, as tags are
    stored), the sort value between `min` and `max`, `last_activity_at` on each tag
    (`with_activity`; always for the `activity` sort) and `synonym_list` (`with_synonyms`,
    one more query)."""
    tags = team.tags.all()
    field = TAG_ORDERINGS[sort]
    if names is not None:
        tags = tags.filter(name__in=[name.lower() for name in names])
    if field == "last_activity_at":
        tags = tags.annotate(last_activity_at=tag_last_activity())
    if min is not None:
        tags = tags.filter(**{f"{field}__gte": min})
    if max is not None:
        tags = tags.filter(**{f"{field}__lte": max})
    if partial_name:
        tags = tags.filter(name__icontains=partial_name)
    if has_smes is not None:
        tags = tags.filter(_has_smes()) if has_smes else tags.exclude(_has_smes())
    if has_synonyms is not None:
        synonyms = Exists(TagSynonym.objects.filter(tag=OuterRef("pk")))
        tags = tags.filter(synonyms) if has_synonyms else tags.exclude(synonyms)
    if field == "last_activity_at":
        # By the expression itself: `paginate` re-reads the page's rows without it.
        expression = tag_last_activity()
        desc = order == "desc"
        tags = tags.order_by(
            expression.desc() if desc else expression.asc(), "-id" if desc else "id"
        )
    else:
        tags = ordered(tags, field, order)

    def decorate(rows):
        rows = rows.annotate(**tag_annotations())
        if with_activity:
            rows = rows.annotate(last_activity_at=tag_last_activity())
        if with_synonyms:
            synonyms = TagSynonym.objects.order_by("name")
            rows = rows.prefetch_related(Prefetch("synonyms", synonyms, to_attr="synonym_list"))
        return rows

    return paginate(
        tags, page=page, page_size=page_size, total_count=tags.count(), decorate=decorate
    )


def _members(team: Team, users: QuerySet) -> QuerySet:
    """Users with their reputation and role in `team` (`member_reputation`, `member_role`)."""
    return users.annotate(**member_annotations(team=team, prefix="member", user_field="pk"))


def tag_get(*, team: Team, tag_id: int) -> Tag:
    """A tag of the team with its counts and its SMEs: `sme_user_list` and
    `sme_group_list`, each group with its `member_list`; users carry their reputation and
    role in the team. Four queries."""
    check_id(tag_id)
    tags = team.tags.annotate(**tag_annotations()).prefetch_related(*_sme_prefetches(team))
    return get_object_or_404(tags, pk=tag_id)


def tag_get_by_name(*, team: Team, name: str) -> Tag:
    """A tag of the team by its name, or by one of its synonyms' (any letter case), as
    `tag_get` gives it (404 if neither)."""
    name = name.strip().lower()
    # A synonym's name is never a tag's (tag_synonym_check): at most one row matches.
    synonym_of = TagSynonym.objects.filter(team=team, name=name).values("tag_id")
    tags = team.tags.annotate(**tag_annotations()).prefetch_related(*_sme_prefetches(team))
    return get_object_or_404(tags, Q(name=name) | Q(pk__in=synonym_of))


def _sme_prefetches(team: Team) -> list:
    User = get_user_model()
    by_id = ("id",)
    return [
        Prefetch(
            "sme_users", _members(team, User.objects.order_by(*by_id)), to_attr="sme_user_list"
        ),
        Prefetch(
            "sme_groups",
            UserGroup.objects.order_by(*by_id).prefetch_related(
                Prefetch(
                    "members", _members(team, User.objects.order_by(*by_id)), to_attr="member_list"
                )
            ),
            to_attr="sme_group_list",
        ),
    ]


def tag_smes_get(*, team: Team, tag_id: int) -> Tag:
    """A tag with only its SMEs loaded (as `tag_get`, without the counts)."""
    check_id(tag_id)
    tags = team.tags.prefetch_related(*_sme_prefetches(team))
    return get_object_or_404(tags, pk=tag_id)


def tag_get_for_write(*, team: Team, tag_id: int) -> Tag:
    check_id(tag_id)
    return get_object_or_404(team.tags.select_related("team"), pk=tag_id)


def tag_watcher_list(*, team: Team, tag_id: int) -> list:
    """The users watching a tag of the team (404 if unknown), longest-watching first, with
    their reputation and role in the team. Two queries."""
    check_id(tag_id)
    tag = get_object_or_404(team.tags.only("id"), pk=tag_id)
    return tag_watchers_of(team=team, tag=tag)


def tag_watchers_of(*, team: Team, tag: Tag, limit: int | None = None) -> list:
    """The users watching `tag` (a tag of `team`), longest-watching first, with their
    reputation and role in the team; the first `limit` of them when given. One query."""
    User = get_user_model()
    watchers = User.objects.filter(tag_watches__tag=tag).order_by("tag_watches__created_at", "id")
    watchers = _members(team, watchers)
    return list(watchers[:limit] if limit is not None else watchers)


def tag_page_get(*, team: Team, user, name: str) -> Tag:
    """A tag of the team by name, for its page (404 if the team has no tag of this name:
    see `tag_synonym_target` for a synonym's). Four queries: the tag with its counts
    (`tag_annotations`) and whether `user` watches it (`user_is_watching`); its SME users
    with their reputation and role (`sme_user_list`); its SME groups with their
    `member_count` (`sme_group_list`); its synonyms by name (`synonym_list`)."""
    User = get_user_model()
    watching = TagWatch.objects.filter(tag=OuterRef("pk"), user_id=getattr(user, "pk", None))
    tags = (
        team.tags.filter(name=name.lower())
        .annotate(**tag_annotations(), user_is_watching=Exists(watching))
        .prefetch_related(
            Prefetch(
                "sme_users",
                _members(team, User.objects.order_by("display_name", "username", "id")),
                to_attr="sme_user_list",
            ),
            Prefetch(
                "sme_groups",
                UserGroup.objects.annotate(member_count=Count("members")).order_by("name", "id"),
                to_attr="sme_group_list",
            ),
            Prefetch("synonyms", TagSynonym.objects.order_by("name"), to_attr="synonym_list"),
        )
    )
    tag = tags.first()
    if tag is None:
        raise Http404("No such tag.")
    return tag


def tag_synonym_target(*, team: Team, name: str) -> str | None:
    """The name of the tag that `name` is a synonym of in the team, or None. One query."""
    synonyms = TagSynonym.objects.filter(team=team, name=name.lower())
    return synonyms.values_list("tag__name", flat=True).first()


def watched_tag_list(*, team: Team, user_id: int) -> list[Tag]:
    """The team's tags a member watches (404 if the user is not a member), by name."""
    from .users import member_get

    member = member_get(team=team, user_id=user_id)
    tags = team.tags.filter(watches__user_id=member.user_id).order_by("name", "id")
    return list(tags.annotate(**tag_annotations()))


def tag_name_suggestions(*, team: Team, limit: int = 500) -> list[str]:
    """The names of the team's most used tags (at most `limit`, by post count), to suggest
    in a tag input; one query on the `(team, post_count)` index."""
    names = team.tags.order_by("-post_count", "name").values_list("name", flat=True)
    return list(names[:limit])

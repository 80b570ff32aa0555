"""Reads of a team's people (as Memberships, with their users), and their reputation
history in the team."""

from datetime import datetime

from django.db.models import Count, IntegerField, Max, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.shortcuts import get_object_or_404

from teams.models import Membership, Team
from tokens.models import PersonalAccessToken

from ..models import Answer, Article, Question, ReputationChange
from .common import check_id, ordered
from .pagination import Page, paginate

# The sorts of API v3 (its documented enum).
USER_SORTS = {"reputation": "reputation"}
# Every ordering a face may ask for: v3's, and API v2.3's `creation` (joining the team),
# `name` (the name others see, case-insensitively) and `modified` (`last_modified_at`).
MEMBER_ORDERINGS = {
    **USER_SORTS,
    "creation": "created_at",
    "name": "sort_name",
    "modified": "last_modified_at",
}


def _last_modified() -> Coalesce:
    """When a member's standing in the team last changed: their latest reputation change
    (the history starts with migration 0010), else when they joined the team."""
    changes = (
        ReputationChange.objects.filter(team_id=OuterRef("team_id"), user_id=OuterRef("user_id"))
        .order_by()
        .values("user_id")
        .annotate(last=Max("created_at"))
        .values("last")
    )
    return Coalesce(Subquery(changes), "created_at")


def _sort_name() -> Lower:
    """The name others see (`User.name`, display name else username), lower-cased. The
    full name between them is left out: it cannot be built the same way on every
    database, and Teamstack's users have a display name or a username."""
    return Lower(Coalesce(NullIf("user__display_name", Value("")), "user__username"))


def _count_of(queryset: QuerySet) -> Coalesce:
    rows = queryset.order_by().values("owner_id").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def member_annotations_full(*, team: Team, with_counts: bool = False) -> dict:
    """What API v2.3's `user` shows besides the row: `last_modified_at`,
    `last_token_use_at` (their latest use of a token of this team) and, when asked,
    `question_count` and `answer_count` in the team. Correlated subqueries: one query for a
    page, whatever its size."""
    tokens = (
        PersonalAccessToken.objects.filter(team_id=team.pk, user_id=OuterRef("user_id"))
        .order_by()
        .values("user_id")
        .annotate(last=Max("last_used_at"))
        .values("last")
    )
    annotations = {"last_modified_at": _last_modified(), "last_token_use_at": Subquery(tokens)}
    if with_counts:
        annotations |= member_post_counts(team=team)
    return annotations


def member_post_counts(*, team: Team, articles: bool = False) -> dict:
    """`question_count` and `answer_count` of each member in the team (and, when asked,
    `article_count`): correlated counts on the posts' owner, one query for a page."""
    owner = OuterRef("user_id")
    counts = {
        "question_count": _count_of(Question.objects.filter(team_id=team.pk, owner_id=owner)),
        "answer_count": _count_of(Answer.objects.filter(question__team_id=team.pk, owner_id=owner)),
    }
    if articles:
        counts["article_count"] = _count_of(Article.objects.filter(team_id=team.pk, owner_id=owner))
    return counts


def member_list(
    *,
    team: Team,
    page: int,
    page_size: int,
    sort: str = "reputation",
    order: str = "desc",
    user_ids: list[int] | None = None,
    name_contains: str | None = None,
    min: object = None,
    max: object = None,
    from_date: datetime | None = None,
    to_date: datetime | None = None,
    annotate_full: bool = False,
    with_counts: bool = False,
    with_post_counts: bool = False,
) -> Page:
    """A page of the team's members (as Memberships, with their users), in one of the
    `MEMBER_ORDERINGS`.

    API v2.3 asks for more: only `user_ids`, names containing `name_contains`, the sort
    value between `min` and `max`, joining the team between `from_date` and `to_date`, and
    (`annotate_full`) the annotations of `member_annotations_full`. The web's index of
    people asks for each member's `member_post_counts` alone (`with_post_counts`).
    """
    field = MEMBER_ORDERINGS[sort]
    members = Membership.objects.filter(team=team)
    if user_ids is not None:
        members = members.filter(user_id__in=user_ids)
    if name_contains:
        members = members.annotate(sort_name=_sort_name()).filter(
            sort_name__contains=name_contains.lower()
        )
    elif field == "sort_name":
        members = members.annotate(sort_name=_sort_name())
    if field == "last_modified_at":
        members = members.annotate(last_modified_at=_last_modified())
    if min is not None:
        members = members.filter(**{f"{field}__gte": min.lower() if field == "sort_name" else min})
    if max is not None:
        members = members.filter(**{f"{field}__lte": max.lower() if field == "sort_name" else max})
    if from_date is not None:
        members = members.filter(created_at__gte=from_date)
    if to_date is not None:
        members = members.filter(created_at__lte=to_date)

    def decorate(rows):
        rows = rows.select_related("user")
        if annotate_full:
            rows = rows.annotate(**member_annotations_full(team=team, with_counts=with_counts))
        elif with_post_counts:
            rows = rows.annotate(**member_post_counts(team=team))
        return rows

    ordering = {"sort_name": _sort_name(), "last_modified_at": _last_modified()}.get(field)
    if ordering is not None:
        # Ordered by the expression itself, so that the page's rows (re-read by primary
        # key in `paginate`) keep the order without the annotation.
        sign_desc = order == "desc"
        members = members.order_by(
            ordering.desc() if sign_desc else ordering.asc(), "-id" if sign_desc else "id"
        )
    else:
        members = ordered(members, field, order)
    return paginate(
        members,
        page=page,
        page_size=page_size,
        total_count=members.count(),
        decorate=decorate,
    )


def reputation_change_list(
    *,
    team: Team,
    user_ids: list[int],
    page: int,
    page_size: int,
    from_date: datetime | None = None,
    to_date: datetime | None = None,
) -> Page:
    """A page of the reputation history in `team` of these users, newest first (only the
    team's own changes; none before migration 0010, see `ReputationChange`)."""
    changes = ReputationChange.objects.filter(team=team, user_id__in=user_ids)
    if from_date is not None:
        changes = changes.filter(created_at__gte=from_date)
    if to_date is not None:
        changes = changes.filter(created_at__lte=to_date)
    return paginate(
        changes.order_by("-created_at", "-id"),
        page=page,
        page_size=page_size,
        total_count=changes.count(),
    )


def member_get(*, team: Team, user_id: int) -> Membership:
    """A team member (404 if the user is not in the team), with the user loaded."""
    check_id(user_id)
    return get_object_or_404(Membership.objects.select_related("user"), team=team, user_id=user_id)


def member_profile_get(*, team: Team, user_id: int) -> Membership:
    """A team member for their page (404 if the user is not in the team), with the user
    and their `member_post_counts` in the team (articles too). One query."""
    check_id(user_id)
    members = Membership.objects.select_related("user").annotate(
        **member_post_counts(team=team, articles=True)
    )
    return get_object_or_404(members, team=team, user_id=user_id)


def member_choice_list(*, team: Team) -> list[tuple[int, str]]:
    """`(user id, name)` of every member of the team, by name: the choices of a form that
    names people of the team (article and collection editors). One query."""
    members = (
        Membership.objects.filter(team=team)
        .select_related("user")
        .order_by(_sort_name().asc(), "user_id")
    )
    return [(member.user_id, member.user.name) for member in members]


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

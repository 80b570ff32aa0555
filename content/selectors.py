"""Reads of a team's content and people. Every read starts from the team.

Query budgets (tested): a list is its count (or a counter lookup), one query for the
page's rows with everything the v3 shape needs joined or annotated on them (owner and
last editor with their reputation and role in the team, the caller's up/down votes as
`EXISTS`), and one prefetch of the tags, whatever the page size. A detail is one query
plus the tags.
"""

from datetime import datetime

from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from teams.models import Membership, Team

from .models import Answer, Comment, Question, Tag, TeamContentStats, Vote
from .pagination import Page, paginate

MAX_ID = 2**63 - 1  # larger ids are unknown, never an overflow error in the database

QUESTION_SORTS = {"activity": "last_activity_at", "creation": "created_at", "score": "score"}
ANSWER_SORTS = {"score": "score", "modified": "last_activity_at", "creation": "created_at"}
TAG_SORTS = {"name": "name", "postCount": "post_count", "creationDate": "created_at"}
USER_SORTS = {"reputation": "reputation"}
SEARCH_SORTS = ("relevance", "newest", "active", "score")


def _ordered(queryset: QuerySet, field: str, order: str) -> QuerySet:
    sign = "-" if order == "desc" else ""
    return queryset.order_by(f"{sign}{field}", f"{sign}id")


def _check_id(value: int) -> int:
    if not 0 < value <= MAX_ID:
        raise Http404
    return value


def _member_annotations(*, team: Team, prefix: str, user_field: str) -> dict:
    """The reputation and role in `team` of the user in `user_field`, as subqueries."""
    members = Membership.objects.filter(team_id=team.pk, user_id=OuterRef(user_field))
    return {
        f"{prefix}_reputation": Subquery(members.values("reputation")[:1]),
        f"{prefix}_role": Subquery(members.values("role")[:1]),
    }


def _vote_annotations(*, kind: str, user) -> dict:
    votes = Vote.objects.filter(**{kind: OuterRef("pk")}, user_id=getattr(user, "pk", None))
    return {
        "user_has_upvoted": Exists(votes.filter(value=Vote.UP)),
        "user_has_downvoted": Exists(votes.filter(value=Vote.DOWN)),
    }


# --- Questions ---------------------------------------------------------------------------


def _question_decorate(queryset: QuerySet, *, team: Team, user) -> QuerySet:
    return (
        queryset.select_related("owner", "last_editor")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .annotate(
            **_vote_annotations(kind="question", user=user),
            **_member_annotations(team=team, prefix="owner", user_field="owner_id"),
            **_member_annotations(team=team, prefix="editor", user_field="last_editor_id"),
        )
    )


def question_list(
    *,
    team: Team,
    user,
    page: int,
    page_size: int,
    sort: str = "activity",
    order: str = "desc",
    is_answered: bool | None = None,
    has_accepted_answer: bool | None = None,
    tag_ids: list[int] | None = None,
    author_id: int | None = None,
    from_date: datetime | None = None,
    to_date: datetime | None = None,
) -> Page:
    """A page of the team's questions, filtered and sorted as the v3 list endpoint asks.

    `totalCount` at scale: an unfiltered list takes its count from the team's maintained
    question counter (`TeamContentStats`, one primary-key lookup) instead of a `COUNT(*)`
    over what may be a million rows; a filtered list counts with a plain `COUNT(*)` that
    the `(team, …)` indexes serve. Pages are cut by OFFSET on the index of the sort
    column (`(team, last_activity_at, id)`, `(team, created_at, id)`, `(team, score, id)`),
    reading only primary keys, so a deep page walks one index and joins only its own rows
    (see `pagination.paginate`). Keyset pagination is not part of the v3 API.
    """
    questions = team.questions.all()
    filtered = False
    if is_answered is not None:
        questions, filtered = questions.filter(is_answered=is_answered), True
    if has_accepted_answer is not None:
        questions = questions.filter(accepted_answer__isnull=not has_accepted_answer)
        filtered = True
    if tag_ids:
        tagged = Question.tags.through.objects.filter(
            question_id=OuterRef("pk"), tag_id__in=tag_ids
        )
        questions, filtered = questions.filter(Exists(tagged)), True
    if author_id is not None:
        questions, filtered = questions.filter(owner_id=author_id), True
    if from_date is not None:
        questions, filtered = questions.filter(created_at__gte=from_date), True
    if to_date is not None:
        questions, filtered = questions.filter(created_at__lte=to_date), True

    total = questions.count() if filtered else question_count(team=team)
    return paginate(
        _ordered(questions, QUESTION_SORTS[sort], order),
        page=page,
        page_size=page_size,
        total_count=total,
        decorate=lambda rows: _question_decorate(rows, team=team, user=user),
    )


def question_count(*, team: Team) -> int:
    """The number of questions in the team, from its maintained counter."""
    count = (
        TeamContentStats.objects.filter(team=team).values_list("question_count", flat=True).first()
    )
    if count is None:  # counters never built for this team (no question posted through us)
        count = team.questions.count()
    return count


def question_get(*, team: Team, user, question_id: int) -> Question:
    """A question of the team in its full v3 shape (404 if unknown or of another team)."""
    _check_id(question_id)
    rows = _question_decorate(team.questions.filter(pk=question_id), team=team, user=user)
    question = rows.first()
    if question is None:
        raise Http404
    return question


def question_get_for_write(*, team: Team, question_id: int) -> Question:
    """A question of the team, bare, to hand to a service (404 if not found)."""
    _check_id(question_id)
    return get_object_or_404(team.questions.all(), pk=question_id)


# --- Answers -----------------------------------------------------------------------------


def _answer_decorate(queryset: QuerySet, *, team: Team, user) -> QuerySet:
    accepted = Question.objects.filter(
        pk=OuterRef("question_id"), accepted_answer_id=OuterRef("pk")
    )
    return queryset.select_related("owner", "last_editor").annotate(
        is_accepted=Exists(accepted),
        **_vote_annotations(kind="answer", user=user),
        **_member_annotations(team=team, prefix="owner", user_field="owner_id"),
        **_member_annotations(team=team, prefix="editor", user_field="last_editor_id"),
    )


def answer_list(
    *, question: Question, user, page: int, page_size: int, sort: str = "score", order: str = "desc"
) -> Page:
    """A page of a question's answers."""
    answers = question.answers.all()
    return paginate(
        _ordered(answers, ANSWER_SORTS[sort], order),
        page=page,
        page_size=page_size,
        total_count=answers.count(),
        decorate=lambda rows: _answer_decorate(rows, team=question.team, user=user),
    )


def answer_get(*, question: Question, user, answer_id: int) -> Answer:
    """An answer of the question in its full v3 shape (404 if it is not one of its answers)."""
    _check_id(answer_id)
    answer = _answer_decorate(
        question.answers.filter(pk=answer_id), team=question.team, user=user
    ).first()
    if answer is None:
        raise Http404
    answer.question = question
    return answer


def answer_get_for_write(*, question: Question, answer_id: int) -> Answer:
    _check_id(answer_id)
    answer = get_object_or_404(question.answers.all(), pk=answer_id)
    answer.question = question
    return answer


# --- Comments ----------------------------------------------------------------------------


def comment_list(*, question: Question, answer: Answer | None = None) -> QuerySet[Comment]:
    """The comments under a question (not under its answers), or under one of its answers,
    oldest first."""
    return (
        Comment.objects.filter(question=question, answer=answer)
        .select_related("owner")
        .order_by("created_at", "id")
    )


# --- Tags --------------------------------------------------------------------------------


def tag_list(
    *,
    team: Team,
    page: int,
    page_size: int,
    sort: str = "postCount",
    order: str = "desc",
    partial_name: str | None = None,
) -> Page:
    tags = team.tags.all()
    if partial_name:
        tags = tags.filter(name__icontains=partial_name)
    return paginate(
        _ordered(tags, TAG_SORTS[sort], order),
        page=page,
        page_size=page_size,
        total_count=tags.count(),
    )


def tag_get(*, team: Team, tag_id: int) -> Tag:
    _check_id(tag_id)
    return get_object_or_404(team.tags.all(), pk=tag_id)


# --- People ------------------------------------------------------------------------------


def member_list(
    *, team: Team, page: int, page_size: int, sort: str = "reputation", order: str = "desc"
) -> Page:
    """A page of the team's members (as Memberships, with their users)."""
    members = Membership.objects.filter(team=team)
    return paginate(
        _ordered(members, USER_SORTS[sort], order),
        page=page,
        page_size=page_size,
        total_count=members.count(),
        decorate=lambda rows: rows.select_related("user"),
    )


def member_get(*, team: Team, user_id: int) -> Membership:
    """A team member (404 if the user is not in the team), with the user loaded."""
    _check_id(user_id)
    return get_object_or_404(Membership.objects.select_related("user"), team=team, user_id=user_id)


def member_get_by_email(*, team: Team, email: str) -> Membership:
    """A team member by email address, regardless of case (404 if none)."""
    return get_object_or_404(
        Membership.objects.select_related("user"), team=team, user__email__iexact=email
    )


def member_is_admin(*, team: Team, user) -> bool:
    return Membership.objects.filter(team=team, user=user, role=Membership.Role.ADMIN).exists()


# --- Search ------------------------------------------------------------------------------


def question_search(
    *, team: Team, user, query: str, page: int, page_size: int, sort: str = "relevance"
) -> Page:
    """Questions of the team matching a free-text query in their title, their body or the
    bodies of their answers.

    PostgreSQL: the stored `search_vector` (GIN-indexed; title, body and answers weighted
    A, B, C) against a `websearch` query ("quoted phrases", -exclusions, or), ranked by
    `SearchRank`. Other databases: every word must appear in the title, the body or an
    answer (`icontains`), and "relevance" falls back to the newest first.
    """
    questions = team.questions.all()
    words = query.split()
    if not words:
        return Page(items=[], total_count=0, page=page, page_size=page_size)
    postgres = connection.vendor == "postgresql"
    if postgres:
        from django.contrib.postgres.search import SearchQuery, SearchRank

        search_query = SearchQuery(query, search_type="websearch", config="english")
        questions = questions.filter(search_vector=search_query)
    else:
        for word in words:
            in_answers = Answer.objects.filter(
                question=OuterRef("pk"), body_markdown__icontains=word
            )
            questions = questions.filter(
                Q(title__icontains=word) | Q(body_markdown__icontains=word) | Exists(in_answers)
            )

    if sort == "relevance" and postgres:
        # F(), not the bare name: a string would be re-wrapped in to_tsvector(), losing weights.
        rank = SearchRank(F("search_vector"), search_query)
        ordered = questions.annotate(rank=rank).order_by("-rank", "-id")
    else:
        field = {"active": "last_activity_at", "score": "score"}.get(sort, "created_at")
        ordered = _ordered(questions, field, "desc")
    return _search_page(ordered, team=team, user=user, page=page, page_size=page_size)


def _search_page(ordered: QuerySet, *, team: Team, user, page: int, page_size: int) -> Page:
    """Cut the page on bare primary keys first, then decorate only those rows.

    The ranked order cannot be re-applied to an outer `pk IN (…)` query (the rank is an
    annotation of the inner one), so the page's keys are read as a list (at most 100) and
    the decorated rows put back in that order. Decorating before the cut made PostgreSQL
    evaluate the viewer's-vote annotations over every match (measured: 4.1x slower at 1M
    questions than at 10k for a rare word; see docs/PERFORMANCE.md).
    """
    total = ordered.count()
    offset = (page - 1) * page_size
    if offset >= total:
        return Page(items=[], total_count=total, page=page, page_size=page_size)
    keys = list(ordered.values_list("pk", flat=True)[offset : offset + page_size])
    rows = _question_decorate(team.questions.filter(pk__in=keys), team=team, user=user)
    by_key = {row.pk: row for row in rows}
    items = [by_key[key] for key in keys if key in by_key]
    return Page(items=items, total_count=total, page=page, page_size=page_size)

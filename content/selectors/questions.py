"""Reads of questions, their answers and comments. Every read starts from the team.

Query budgets (tested): a list is its count (or a counter lookup), one query for the
page's rows with everything the v3 shape needs joined or annotated on them (owner and
last editor with their reputation and role in the team, the caller's up/down votes as
`EXISTS`), and one prefetch of the tags, whatever the page size. A detail is one query
plus the tags.
"""

from datetime import datetime

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404

from teams.models import Team

from ..models import (
    Answer,
    Bookmark,
    Comment,
    Question,
    QuestionWatch,
    Tag,
    TeamContentStats,
    Vote,
)
from .common import check_id, member_annotations, ordered
from .pagination import Page, paginate

QUESTION_SORTS = {"activity": "last_activity_at", "creation": "created_at", "score": "score"}
ANSWER_SORTS = {"score": "score", "modified": "last_activity_at", "creation": "created_at"}


def _vote_annotations(*, kind: str, user) -> dict:
    votes = Vote.objects.filter(**{kind: OuterRef("pk")}, user_id=getattr(user, "pk", None))
    return {
        "user_has_upvoted": Exists(votes.filter(value=Vote.UP)),
        "user_has_downvoted": Exists(votes.filter(value=Vote.DOWN)),
    }


def vote_count_annotations(*, kind: str) -> dict:
    """`up_vote_count` and `down_vote_count` of each row (`kind`: "question" or "answer"),
    as two correlated counts served by the votes' unique (post, user) indexes."""

    def counted(value):
        votes = (
            Vote.objects.filter(**{kind: OuterRef("pk")}, value=value)
            .order_by()
            .values(kind)
            .annotate(n=Count("pk"))
            .values("n")
        )
        return Coalesce(Subquery(votes, output_field=IntegerField()), 0)

    return {"up_vote_count": counted(Vote.UP), "down_vote_count": counted(Vote.DOWN)}


# --- Questions ---------------------------------------------------------------------------


def question_decorate(
    queryset: QuerySet,
    *,
    team: Team,
    user,
    vote_counts: bool = False,
    answers: bool = False,
    comments: bool = False,
    answer_comments: bool = False,
) -> QuerySet:
    """The questions with what every face shows (owner and editor with their reputation
    and role, the caller's votes and bookmark, tags), and on request what API v2.3 may
    embed: up/down vote counts (`vote_counts`, also on the answers), the answers
    (`answers`, decorated as `answer_list`'s, accepted ones first then by score, as Stack
    shows them), the comments under the question (`comments`) and under each answer
    (`answer_comments`, implies `answers`). Each embedded list is one prefetch query,
    whatever the number of questions, answers or comments."""
    extra = vote_count_annotations(kind="question") if vote_counts else {}
    prefetches = []
    if comments:
        prefetches.append(
            Prefetch(
                "comments",
                queryset=comment_decorate(Comment.objects.filter(answer=None), team=team),
            )
        )
    if answers or answer_comments:
        answer_rows = answer_decorate(
            Answer.objects.all(), team=team, user=user, vote_counts=vote_counts
        ).order_by("-is_accepted", "-score", "created_at", "id")
        if answer_comments:
            answer_rows = answer_rows.prefetch_related(
                Prefetch("comments", queryset=comment_decorate(Comment.objects.all(), team=team))
            )
        prefetches.append(Prefetch("answers", queryset=answer_rows))
    return (
        queryset.select_related("owner", "last_editor")
        .prefetch_related(*prefetches)
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .annotate(
            **_vote_annotations(kind="question", user=user),
            user_has_bookmarked=Exists(
                Bookmark.objects.filter(question=OuterRef("pk"), user_id=getattr(user, "pk", None))
            ),
            **member_annotations(team=team, prefix="owner", user_field="owner_id"),
            **member_annotations(team=team, prefix="editor", user_field="last_editor_id"),
            **extra,
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
    question_ids: list[int] | None = None,
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
    if question_ids:
        questions, filtered = questions.filter(pk__in=question_ids), True
    if author_id is not None:
        questions, filtered = questions.filter(owner_id=author_id), True
    if from_date is not None:
        questions, filtered = questions.filter(created_at__gte=from_date), True
    if to_date is not None:
        questions, filtered = questions.filter(created_at__lte=to_date), True

    total = questions.count() if filtered else question_count(team=team)
    return paginate(
        ordered(questions, QUESTION_SORTS[sort], order),
        page=page,
        page_size=page_size,
        total_count=total,
        decorate=lambda rows: question_decorate(rows, team=team, user=user),
    )


def question_count(*, team: Team) -> int:
    """The number of questions in the team, from its maintained counter."""
    count = (
        TeamContentStats.objects.filter(team=team).values_list("question_count", flat=True).first()
    )
    if count is None:  # counters never built for this team (no question posted through us)
        count = team.questions.count()
    return count


def question_get(*, team: Team, user, question_id: int, with_answers: bool = False) -> Question:
    """A question of the team in its full v3 shape (404 if unknown or of another team);
    `with_answers`: with its comments, and its answers (accepted first, then by score)
    with theirs, in three more queries whatever their number."""
    check_id(question_id)
    rows = question_decorate(
        team.questions.filter(pk=question_id),
        team=team,
        user=user,
        answers=with_answers,
        comments=with_answers,
        answer_comments=with_answers,
    )
    question = rows.first()
    if question is None:
        raise Http404
    return question


def question_page_get(*, team: Team, user, question_id: int) -> Question:
    """A question with everything its web page shows (404 if unknown or of another team):
    the v3 detail's fields, the comments under it, its answers (accepted first, then by
    score) with their comments, and whether the caller watches it (`user_is_watching`).

    Queries, whatever the number of answers and comments: the question, its tags, its
    comments, its answers, their comments (five)."""
    check_id(question_id)
    rows = question_decorate(
        team.questions.filter(pk=question_id),
        team=team,
        user=user,
        comments=True,
        answer_comments=True,
    ).annotate(
        user_is_watching=Exists(
            QuestionWatch.objects.filter(question=OuterRef("pk"), user_id=getattr(user, "pk", None))
        )
    )
    question = rows.first()
    if question is None:
        raise Http404
    for answer in question.answers.all():
        answer.question = question  # the answer's links and rules need its question
    return question


def question_get_for_write(*, team: Team, question_id: int) -> Question:
    """A question of the team, bare, to hand to a service (404 if not found)."""
    check_id(question_id)
    return get_object_or_404(team.questions.all(), pk=question_id)


# --- Answers -----------------------------------------------------------------------------


def answer_decorate(queryset: QuerySet, *, team: Team, user, vote_counts: bool = False) -> QuerySet:
    """The answers with what every face shows (acceptance, SME owner, the caller's votes,
    owner and editor with their reputation and role), and on request their up/down vote
    counts (API v2.3)."""
    accepted = Question.objects.filter(
        pk=OuterRef("question_id"), accepted_answer_id=OuterRef("pk")
    )
    # The owner is an SME (directly or through a group) of one of the question's tags.
    owner_is_sme = Tag.objects.filter(questions=OuterRef("question_id")).filter(
        Q(sme_users=OuterRef("owner_id")) | Q(sme_groups__members=OuterRef("owner_id"))
    )
    return queryset.select_related("owner", "last_editor").annotate(
        is_accepted=Exists(accepted),
        is_subject_matter_expert=Exists(owner_is_sme),
        **_vote_annotations(kind="answer", user=user),
        **member_annotations(team=team, prefix="owner", user_field="owner_id"),
        **member_annotations(team=team, prefix="editor", user_field="last_editor_id"),
        **(vote_count_annotations(kind="answer") if vote_counts else {}),
    )


def answer_list(
    *, question: Question, user, page: int, page_size: int, sort: str = "score", order: str = "desc"
) -> Page:
    """A page of a question's answers."""
    answers = question.answers.all()
    return paginate(
        ordered(answers, ANSWER_SORTS[sort], order),
        page=page,
        page_size=page_size,
        total_count=answers.count(),
        decorate=lambda rows: answer_decorate(rows, team=question.team, user=user),
    )


def answer_get(*, question: Question, user, answer_id: int) -> Answer:
    """An answer of the question in its full v3 shape (404 if it is not one of its answers)."""
    check_id(answer_id)
    answer = answer_decorate(
        question.answers.filter(pk=answer_id), team=question.team, user=user
    ).first()
    if answer is None:
        raise Http404
    answer.question = question
    return answer


def answer_get_for_write(*, question: Question, answer_id: int) -> Answer:
    check_id(answer_id)
    answer = get_object_or_404(question.answers.all(), pk=answer_id)
    answer.question = question
    return answer


def answer_of_team_get_for_write(*, team: Team, answer_id: int) -> Answer:
    """An answer to one of the team's questions by its id alone (API v2.3
    `/answers/{id}/…`), with its question, to hand to a service (404 if not found)."""
    check_id(answer_id)
    answers = Answer.objects.filter(question__team=team).select_related("question__team")
    return get_object_or_404(answers, pk=answer_id)


# --- Comments ----------------------------------------------------------------------------


def comment_get_for_write(*, team: Team, comment_id: int) -> Comment:
    """A comment under one of the team's posts, with its post, to hand to a service (404
    if not found)."""
    check_id(comment_id)
    comments = Comment.objects.filter(Q(question__team=team) | Q(article__team=team))
    return get_object_or_404(
        comments.select_related("question__team", "article__team"), pk=comment_id
    )


def comment_decorate(queryset: QuerySet, *, team: Team) -> QuerySet:
    """Comments with their owner and the owner's reputation and role in the team, oldest
    first."""
    return (
        queryset.select_related("owner")
        .annotate(**member_annotations(team=team, prefix="owner", user_field="owner_id"))
        .order_by("created_at", "id")
    )


def comment_list(*, question: Question, answer: Answer | None = None) -> QuerySet[Comment]:
    """The comments under a question (not under its answers), or under one of its answers,
    oldest first."""
    return (
        Comment.objects.filter(question=question, answer=answer)
        .select_related("owner")
        .order_by("created_at", "id")
    )

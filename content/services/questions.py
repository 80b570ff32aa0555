"""Writes of questions, their answers and votes.

Each service is keyword-only, runs in one transaction, and keeps the denormalised
counters (scores, answer and comment counts, tag post counts, the team's question count)
and the owners' reputation consistent with `F()` updates, so that concurrent requests
never lose an increment to a read-modify-write race.

Who may do what is decided here, not in the views: anyone in the team reads and posts;
only a post's owner or a team admin edits or deletes it (or staff, through the
Django admin); only the question's owner
accepts an answer; nobody votes on their own post. Refusals raise Django's
`PermissionDenied` with one of the messages below.
"""

from collections import Counter
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Value, When
from django.http import Http404
from django.utils import timezone

from teams.models import Team

from ..markdown import render_markdown
from ..models import Answer, Question, ReputationChange, Tag, TeamContentStats, Vote
from .common import check_may_edit, reputation_add
from .links import question_links_refresh
from .tags import tags_for
from .texts import answer_text_check, question_texts_check

ACCEPT_NOT_ALLOWED_MESSAGE = "Only the author of the question may accept an answer."
SELF_VOTE_MESSAGE = "You cannot vote on your own post."

# Reputation a post's owner gains per vote received, as on Stack Internal.
REPUTATION_FOR_UPVOTE = {"question": 5, "answer": 10}
REPUTATION_FOR_DOWNVOTE = -2
# Reputation of an accepted answer, as on Stack Internal: +15 to the answer's owner, +2 to
# the question's owner who accepted it; nothing when one accepts one's own answer.
REPUTATION_FOR_ACCEPTED = 15
REPUTATION_FOR_ACCEPTING = 2

Reason = ReputationChange.Reason
POST_DELETED = Reason.POST_DELETED


# --- Questions ---------------------------------------------------------------------------


@transaction.atomic
def question_create(*, team: Team, user, title: str, body: str, tags: list[str]) -> Question:
    """Ask a question in `team`; its tags are created in the team when new."""
    question_texts_check(title=title, body=body)
    now = timezone.now()
    tag_objects = tags_for(team=team, names=tags)
    question = Question.objects.create(
        team=team,
        title=title,
        body_markdown=body,
        body_html=render_markdown(body),
        owner=user,
        created_at=now,
        last_activity_at=now,
    )
    question.tags.set(tag_objects)
    Tag.objects.filter(pk__in=[t.pk for t in tag_objects]).update(post_count=F("post_count") + 1)
    _team_question_count_add(team=team, delta=1)
    _question_search_update(question_id=question.pk)
    question_links_refresh(question=question)
    _article_links_update(question=question)
    return question


def _post_edit(*, post: Question | Answer, user, body: str, extra_fields=()) -> datetime:
    """Save an edited body (Markdown and its sanitised HTML) with its editor and time."""
    now = timezone.now()
    post.body_markdown = body
    post.body_html = render_markdown(body)
    post.last_editor = user
    post.last_edited_at = now
    post.last_activity_at = now
    post.save(
        update_fields=[
            *extra_fields,
            "body_markdown",
            "body_html",
            "last_editor",
            "last_edited_at",
            "last_activity_at",
        ]
    )
    return now


@transaction.atomic
def question_update(
    *, question: Question, user, title: str, body: str, tags: list[str], by_staff: bool = False
) -> Question:
    """Edit a question (owner or team admin; staff with `by_staff`): title, body and tags
    are all replaced."""
    check_may_edit(team=question.team, user=user, owner_id=question.owner_id, by_staff=by_staff)
    question_texts_check(title=title, body=body)
    tag_objects = tags_for(team=question.team, names=tags)
    old_ids = set(question.tags.values_list("pk", flat=True))
    new_ids = {t.pk for t in tag_objects}
    question.title = title
    _post_edit(post=question, user=user, body=body, extra_fields=["title"])
    question.tags.set(tag_objects)
    Tag.objects.filter(pk__in=new_ids - old_ids).update(post_count=F("post_count") + 1)
    Tag.objects.filter(pk__in=old_ids - new_ids).update(post_count=F("post_count") - 1)
    _question_search_update(question_id=question.pk)
    question_links_refresh(question=question)
    _article_links_update(question=question)
    return question


@transaction.atomic
def question_delete(*, question: Question, user, by_staff: bool = False) -> None:
    """Delete a question with its answers, comments and votes (owner or team admin; staff
    with `by_staff`).

    The reputation its votes and its accepted answer earned is taken back.
    """
    team = question.team
    check_may_edit(team=team, user=user, owner_id=question.owner_id, by_staff=by_staff)
    _acceptance_move(question=Question.objects.select_for_update().get(pk=question.pk), answer=None)
    deltas = Counter()  # (owner, post) → reputation taken back
    for value, n in _vote_counts(Vote.objects.filter(question=question)):
        deltas[question.owner_id, question.pk] -= _reputation_for(kind="question", value=value) * n
    answer_votes = Vote.objects.filter(answer__question=question)
    rows = answer_votes.values("answer_id", "answer__owner_id", "value").annotate(n=Count("id"))
    for row in rows:
        deltas[row["answer__owner_id"], row["answer_id"]] -= (
            _reputation_for(kind="answer", value=row["value"]) * row["n"]
        )
    _reputation_changes_apply(
        team=team,
        changes=[
            (owner_id, delta, POST_DELETED, post_id)
            for (owner_id, post_id), delta in deltas.items()
        ],
    )
    Tag.objects.filter(questions=question).update(post_count=F("post_count") - 1)
    question.delete()
    _team_question_count_add(team=team, delta=-1)


# --- Answers -----------------------------------------------------------------------------


@transaction.atomic
def answer_create(*, question: Question, user, body: str) -> Answer:
    """Answer a question; the question's answer count and last activity follow."""
    answer_text_check(body=body)
    now = timezone.now()
    answer = Answer.objects.create(
        question=question,
        body_markdown=body,
        body_html=render_markdown(body),
        owner=user,
        created_at=now,
        last_activity_at=now,
    )
    Question.objects.filter(pk=question.pk).update(
        answer_count=F("answer_count") + 1, last_activity_at=now
    )
    _question_search_update(question_id=question.pk)
    question_links_refresh(question=question)
    return answer


@transaction.atomic
def answer_update(*, answer: Answer, user, body: str, by_staff: bool = False) -> Answer:
    """Edit an answer (owner or team admin; staff with `by_staff`)."""
    check_may_edit(
        team=answer.question.team, user=user, owner_id=answer.owner_id, by_staff=by_staff
    )
    answer_text_check(body=body)
    now = _post_edit(post=answer, user=user, body=body)
    Question.objects.filter(pk=answer.question_id).update(last_activity_at=now)
    _question_search_update(question_id=answer.question_id)
    question_links_refresh(question=answer.question)
    return answer


@transaction.atomic
def answer_delete(*, answer: Answer, user, by_staff: bool = False) -> None:
    """Delete an answer (owner or team admin; staff with `by_staff`), taking back the
    reputation its votes earned, and that of its acceptance if it was the accepted answer."""
    question = answer.question
    check_may_edit(team=question.team, user=user, owner_id=answer.owner_id, by_staff=by_staff)
    locked = _question_lock(question)
    if locked.accepted_answer_id == answer.pk:
        _acceptance_move(question=locked, answer=None)
    delta = sum(
        -_reputation_for(kind="answer", value=value) * n
        for value, n in _vote_counts(Vote.objects.filter(answer=answer))
    )
    reputation_add(
        team=question.team,
        user_id=answer.owner_id,
        delta=delta,
        reason=POST_DELETED,
        post_id=answer.pk,
    )
    answer_id = answer.pk
    answer.delete()
    Question.objects.filter(pk=question.pk).update(
        answer_count=F("answer_count") - 1,
        accepted_answer=Case(
            When(accepted_answer_id=answer_id, then=Value(None)), default=F("accepted_answer")
        ),
    )
    _question_answered_refresh(question_id=question.pk)
    _question_search_update(question_id=question.pk)
    question_links_refresh(question=question)


def _question_lock(question: Question) -> Question:
    """Lock the question's row; a 404 if it was deleted since the caller read it (a
    concurrent `DELETE`: found by schemathesis with two workers)."""
    locked = Question.objects.select_for_update().filter(pk=question.pk).first()
    if locked is None:
        raise Http404
    return locked


def may_accept(*, question: Question, user) -> bool:
    """The rule of who accepts an answer: the question's owner."""
    return question.owner_id is not None and question.owner_id == user.pk


@transaction.atomic
def answer_accept(*, answer: Answer, user) -> Answer:
    """Mark an answer as the accepted one (question owner only); replaces any other.

    Reputation follows the acceptance: +15 to the answer's owner and +2 to the acceptor;
    accepting another answer moves the +15 to its owner; accepting again changes nothing.
    """
    question = answer.question
    if not may_accept(question=question, user=user):
        raise PermissionDenied(ACCEPT_NOT_ALLOWED_MESSAGE)
    # The question row is locked while its acceptance changes, so that two concurrent
    # accepts (or an accept and an unaccept) move the reputation one after the other.
    locked = _question_lock(question)
    _acceptance_move(question=locked, answer=answer)
    Question.objects.filter(pk=question.pk).update(accepted_answer=answer, is_answered=True)
    question.accepted_answer_id = answer.pk
    question.is_answered = True
    return answer


@transaction.atomic
def answer_unaccept(*, answer: Answer, user) -> Answer:
    """Withdraw the acceptance of an answer (question owner only); no-op if not accepted.
    The reputation of the acceptance is taken back from both owners."""
    question = answer.question
    if not may_accept(question=question, user=user):
        raise PermissionDenied(ACCEPT_NOT_ALLOWED_MESSAGE)
    locked = _question_lock(question)
    if locked.accepted_answer_id == answer.pk:
        _acceptance_move(question=locked, answer=None)
    Question.objects.filter(pk=question.pk, accepted_answer=answer).update(accepted_answer=None)
    _question_answered_refresh(question_id=question.pk)
    question.refresh_from_db(fields=["accepted_answer", "is_answered"])
    return answer


# --- Votes -------------------------------------------------------------------------------


def vote_cast(
    *, user, value: int, question: Question | None = None, answer: Answer | None = None
) -> None:
    """Vote +1 or -1 on a question or an answer (exactly one of them).

    Voting the same way twice changes nothing; voting the other way replaces the vote.
    The post's score and its owner's reputation in the team follow.
    """
    kind, post = _post(question=question, answer=answer)
    if post.owner_id is not None and post.owner_id == user.pk:
        raise PermissionDenied(SELF_VOTE_MESSAGE)
    with transaction.atomic():
        existing = Vote.objects.select_for_update().filter(user=user, **{kind: post}).first()
        if existing is not None and existing.value == value:
            return
        if existing is None:
            try:
                with transaction.atomic():
                    Vote.objects.create(user=user, value=value, **{kind: post})
            except IntegrityError:
                return  # the same vote, cast at the same moment by a concurrent request
            old = 0
        else:
            old = existing.value
            existing.value = value
            existing.save(update_fields=["value"])
        _vote_apply(kind=kind, post=post, old=old, new=value)


def vote_withdraw(
    *, user, value: int, question: Question | None = None, answer: Answer | None = None
) -> None:
    """Take back an up- (`value=1`) or downvote (`-1`); no-op if there is no such vote."""
    kind, post = _post(question=question, answer=answer)
    with transaction.atomic():
        deleted, _ = Vote.objects.filter(user=user, value=value, **{kind: post}).delete()
        if deleted:
            _vote_apply(kind=kind, post=post, old=value, new=0)


# --- Team counters -----------------------------------------------------------------------


@transaction.atomic
def team_stats_refresh(*, team: Team) -> TeamContentStats:
    """Recount a team's questions (after rows were loaded without the services)."""
    stats, _ = TeamContentStats.objects.select_for_update().get_or_create(team=team)
    stats.question_count = Question.objects.filter(team=team).count()
    stats.save(update_fields=["question_count"])
    return stats


def question_search_rebuild(*, team: Team, missing_only: bool = True) -> int:
    """Build the stored search documents of a team's questions (PostgreSQL only); by
    default only those loaded without the services. Returns the number of rows updated."""
    if connection.vendor != "postgresql":
        return 0
    questions = Question.objects.filter(team=team)
    if missing_only:
        questions = questions.filter(search_vector__isnull=True)
    return questions.update(search_vector=_search_document())


# --- Helpers -----------------------------------------------------------------------------


def _team_question_count_add(*, team: Team, delta: int) -> None:
    updated = TeamContentStats.objects.filter(team=team).update(
        question_count=F("question_count") + delta
    )
    if not updated:
        # First question of the team (or counters never built): count once, then maintain.
        _, created = TeamContentStats.objects.get_or_create(
            team=team, defaults={"question_count": Question.objects.filter(team=team).count()}
        )
        if not created:
            TeamContentStats.objects.filter(team=team).update(
                question_count=F("question_count") + delta
            )


def _question_search_update(*, question_id: int) -> None:
    """Rebuild the stored search document of a question (PostgreSQL only)."""
    if connection.vendor != "postgresql":
        return
    Question.objects.filter(pk=question_id).update(search_vector=_search_document())


def _search_document():
    """Title (weight A), body source (weight B) and the bodies of its answers (weight C),
    English stemming: a question is found by what its answers say, ranked below a match
    in its own words."""
    from django.contrib.postgres.aggregates import StringAgg
    from django.contrib.postgres.search import SearchVector
    from django.db.models import Subquery, TextField
    from django.db.models.functions import Coalesce

    answers = (
        Answer.objects.filter(question=OuterRef("pk"))
        .order_by()
        .values("question")
        .annotate(text=StringAgg("body_markdown", delimiter=" "))
        .values("text")
    )
    return (
        SearchVector("title", weight="A", config="english")
        + SearchVector("body_markdown", weight="B", config="english")
        + SearchVector(
            Coalesce(Subquery(answers), Value(""), output_field=TextField()),
            weight="C",
            config="english",
        )
    )


def _article_links_update(*, question: Question) -> None:
    # Imported here: the article services build on this module (reputation constants).
    from .articles import article_links_from_question

    article_links_from_question(question=question)


def _question_answered_refresh(*, question_id: int) -> None:
    positive = Answer.objects.filter(question=OuterRef("pk"), score__gt=0)
    Question.objects.filter(pk=question_id).update(
        is_answered=Case(
            When(Q(accepted_answer__isnull=False) | Q(Exists(positive)), then=Value(True)),
            default=Value(False),
        )
    )


def _acceptance_reputation(*, question: Question, answer: Answer | None) -> list[tuple]:
    """The reputation that `answer` being the accepted answer of `question` is worth, as
    `(user_id, delta, reason, post_id)` changes (the post is the answer): nothing if there
    is none, or if the question's owner answered it themself."""
    if answer is None or answer.owner_id is None or answer.owner_id == question.owner_id:
        return []
    return [
        (answer.owner_id, REPUTATION_FOR_ACCEPTED, Reason.ANSWER_ACCEPTED, answer.pk),
        (question.owner_id, REPUTATION_FOR_ACCEPTING, Reason.ASKER_ACCEPTS_ANSWER, answer.pk),
    ]


# The reason of taking back a change (an acceptance undone, a vote withdrawn).
_UNDONE = {
    Reason.ANSWER_ACCEPTED: Reason.ANSWER_UNACCEPTED,
    Reason.ASKER_ACCEPTS_ANSWER: Reason.ASKER_UNACCEPT_ANSWER,
    Reason.POST_UPVOTED: Reason.POST_UNUPVOTED,
    Reason.POST_DOWNVOTED: Reason.POST_UNDOWNVOTED,
}


def _undone(changes: list[tuple]) -> list[tuple]:
    return [
        (user_id, -delta, _UNDONE[reason], post_id) for user_id, delta, reason, post_id in changes
    ]


def _reputation_changes_apply(*, team: Team, changes: list[tuple]) -> None:
    """Apply `(user_id, delta, reason, post_id)` changes, each recorded in the history;
    gains before losses, so that the floor of 1 leaves each user where applying the sum of
    their changes would."""
    for user_id, delta, reason, post_id in sorted(changes, key=lambda c: c[1] < 0):
        reputation_add(team=team, user_id=user_id, delta=delta, reason=reason, post_id=post_id)


def _acceptance_move(*, question: Question, answer: Answer | None) -> None:
    """Move the reputation of the acceptance of `question` (a row locked by the caller)
    from its current accepted answer to `answer` (`None`: to no answer).

    The reputation is a function of which answer is accepted, so a move adds the
    difference: accepting B after A takes 15 from A's owner and gives 15 to B's, and
    the acceptor's +2 is given once (or taken back if B is their own answer).
    """
    if question.accepted_answer_id == (answer.pk if answer is not None else None):
        return
    current = None
    if question.accepted_answer_id is not None:
        current = Answer.objects.filter(pk=question.accepted_answer_id).only("owner_id").first()
    changes = _undone(_acceptance_reputation(question=question, answer=current))
    changes += _acceptance_reputation(question=question, answer=answer)
    _reputation_changes_apply(team=Team(pk=question.team_id), changes=changes)


def _post(*, question: Question | None, answer: Answer | None):
    if (question is None) == (answer is None):
        raise TypeError("vote on exactly one of question= or answer=")
    return ("question", question) if question is not None else ("answer", answer)


def _reputation_for(*, kind: str, value: int) -> int:
    if value > 0:
        return REPUTATION_FOR_UPVOTE[kind]
    if value < 0:
        return REPUTATION_FOR_DOWNVOTE
    return 0


def _vote_apply(*, kind: str, post, old: int, new: int) -> None:
    model = Question if kind == "question" else Answer
    model.objects.filter(pk=post.pk).update(score=F("score") + (new - old))
    team = post.team if kind == "question" else post.question.team
    changes = _undone(_vote_reputation(kind=kind, post=post, value=old))
    changes += _vote_reputation(kind=kind, post=post, value=new)
    _reputation_changes_apply(team=team, changes=changes)
    if kind == "answer":
        _question_answered_refresh(question_id=post.question_id)


def _vote_reputation(*, kind: str, post, value: int) -> list[tuple]:
    """What a vote of `value` on `post` is worth to its owner, as changes (none for 0)."""
    if not value:
        return []
    reason = Reason.POST_UPVOTED if value > 0 else Reason.POST_DOWNVOTED
    return [(post.owner_id, _reputation_for(kind=kind, value=value), reason, post.pk)]


def _vote_counts(votes):
    """(value, number of votes) pairs."""
    return votes.values("value").annotate(n=Count("id")).values_list("value", "n")

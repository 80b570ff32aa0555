"""Writes of comments (under a question or one of its answers)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..markdown import render_markdown
from ..models import Answer, Comment, Question
from .common import check_may_edit


@transaction.atomic
def comment_create(*, question: Question, user, body: str, answer: Answer | None = None) -> Comment:
    """Comment on a question, or on one of its answers when `answer` is given."""
    comment = Comment.objects.create(
        question=question,
        answer=answer,
        body_markdown=body,
        body_html=render_markdown(body),
        owner=user,
        created_at=timezone.now(),
    )
    if answer is None:
        Question.objects.filter(pk=question.pk).update(comment_count=F("comment_count") + 1)
    else:
        Answer.objects.filter(pk=answer.pk).update(comment_count=F("comment_count") + 1)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user, by_staff: bool = False) -> None:
    """Delete a comment (its owner or a team admin; staff with `by_staff`); the comment
    count of the post it was under follows."""
    question = comment.question
    check_may_edit(team=question.team, user=user, owner_id=comment.owner_id, by_staff=by_staff)
    answer_id = comment.answer_id
    comment.delete()
    if answer_id is None:
        Question.objects.filter(pk=question.pk).update(comment_count=F("comment_count") - 1)
    else:
        Answer.objects.filter(pk=answer_id).update(comment_count=F("comment_count") - 1)

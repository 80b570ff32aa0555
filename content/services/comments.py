"""Writes of comments (under a question or one of its answers)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..markdown import render_markdown
from ..models import Answer, Comment, Question


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

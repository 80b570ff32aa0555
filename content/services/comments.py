"""Writes of comments (under a question, one of its answers, or an article)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..markdown import render_markdown
from ..models import Answer, Article, Comment, Question


@transaction.atomic
def comment_create(
    *,
    user,
    body: str,
    question: Question | None = None,
    answer: Answer | None = None,
    article: Article | None = None,
) -> Comment:
    """Comment on a question, on one of its answers (`question` and `answer`), or on an
    article (`article` alone)."""
    if (question is None) == (article is None) or (answer is not None and question is None):
        raise TypeError("comment on a question (and maybe one of its answers) or an article")
    comment = Comment.objects.create(
        question=question,
        answer=answer,
        article=article,
        body_markdown=body,
        body_html=render_markdown(body),
        owner=user,
        created_at=timezone.now(),
    )
    if answer is not None:
        Answer.objects.filter(pk=answer.pk).update(comment_count=F("comment_count") + 1)
    elif question is not None:
        Question.objects.filter(pk=question.pk).update(comment_count=F("comment_count") + 1)
    # Articles keep no comment count: none of their v3 shapes shows one.
    return comment

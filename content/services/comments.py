"""Writes of comments (under a question, one of its answers, or an article)."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..markdown import render_markdown
from ..models import Answer, Article, Comment, Question
from .common import check_may_edit
from .texts import comment_text_check


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
    comment_text_check(body=body)
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


@transaction.atomic
def comment_update(*, comment: Comment, user, body: str, by_staff: bool = False) -> Comment:
    """Edit a comment's body (its owner or a team admin; staff with `by_staff`), rendered
    again from its Markdown."""
    post = comment.question if comment.question_id is not None else comment.article
    check_may_edit(team=post.team, user=user, owner_id=comment.owner_id, by_staff=by_staff)
    comment_text_check(body=body)
    comment.body_markdown = body
    comment.body_html = render_markdown(body)
    comment.save(update_fields=["body_markdown", "body_html"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user, by_staff: bool = False) -> None:
    """Delete a comment (its owner or a team admin; staff with `by_staff`); the comment
    count of the post it was under follows."""
    post = comment.question if comment.question_id is not None else comment.article
    check_may_edit(team=post.team, user=user, owner_id=comment.owner_id, by_staff=by_staff)
    question_id, answer_id = comment.question_id, comment.answer_id
    comment.delete()
    if answer_id is not None:
        Answer.objects.filter(pk=answer_id).update(comment_count=F("comment_count") - 1)
    elif question_id is not None:
        Question.objects.filter(pk=question_id).update(comment_count=F("comment_count") - 1)
    # Articles keep no comment count (see comment_create).

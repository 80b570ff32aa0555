"""API v2.3 types of the Q&A posts: `question`, `answer`, `comment` and `post`.

Each `Shape` reads the objects of the content selectors as they come decorated
(`selectors.questions.question_decorate`, `answer_decorate`, `comment_decorate`): owners
with their reputation and role annotated, the caller's votes and bookmark as `EXISTS`,
`up_vote_count`/`down_vote_count` annotated when asked, embedded answers and comments
prefetched. A field's getter runs only when the filter includes it, so nothing here
queries the database: what a getter reads must have been fetched by the selector (the
views ask for exactly what the filter includes, see `question_embeds`).
"""

from ..models import Answer, Question
from ..urls_paths import answer_path, comment_path, question_path
from .base import RenderContext, Shape, epoch
from .shapes import owner


def _tags(question: Question) -> list[str]:
    return [tag.name for tag in question.tags.all()]


def _last_editor(post, ctx: RenderContext):
    return owner(post, ctx, user_attr="last_editor", prefix="editor")


def _markdown(post, ctx: RenderContext) -> str:
    """The Markdown source, HTML-escaped under a safe filter (as Stack does)."""
    return ctx.text(post.body_markdown)


def question_link(ctx: RenderContext, question_id: int) -> str:
    return ctx.url(question_path(ctx.team_slug, question_id))


def answer_link(ctx: RenderContext, question_id: int, answer_id: int) -> str:
    return ctx.url(answer_path(ctx.team_slug, question_id, answer_id))


class CommentShape(Shape):
    """`comment`: a comment under a question, an answer (or an article)."""

    type_name = "comment"
    fields = {
        "body": lambda c, ctx: c.body_html,
        "body_markdown": _markdown,
        "comment_id": lambda c, ctx: c.pk,
        "creation_date": lambda c, ctx: epoch(c.created_at),
        "edited": lambda c, ctx: False,  # comments are not edited in place (no edit date kept)
        "link": lambda c, ctx: ctx.url(
            comment_path(
                ctx.team_slug,
                question_id=c.question_id,
                article_id=c.article_id,
                comment_id=c.pk,
                post_id=comment_post_id(c),
            )
        ),
        "owner": owner,
        "post_id": lambda c, ctx: comment_post_id(c),
        "post_type": lambda c, ctx: comment_post_type(c),
        "score": lambda c, ctx: c.score,
    }


def comment_post_id(comment) -> int:
    return comment.answer_id or comment.question_id or comment.article_id


def comment_post_type(comment) -> str:
    if comment.answer_id:
        return "answer"
    return "question" if comment.question_id else "article"


class AnswerShape(Shape):
    """`answer`. `title` and `tags` are its question's (`answer.question`, set by the
    prefetch when embedded, joined by the selector otherwise)."""

    type_name = "answer"
    fields = {
        "answer_id": lambda a, ctx: a.pk,
        "body": lambda a, ctx: a.body_html,
        "body_markdown": _markdown,
        "comment_count": lambda a, ctx: a.comment_count,
        "comments": lambda a, ctx: CommentShape.render_many(a.comments.all(), ctx),
        "creation_date": lambda a, ctx: epoch(a.created_at),
        "down_vote_count": lambda a, ctx: a.down_vote_count,
        "downvoted": lambda a, ctx: a.user_has_downvoted,
        "is_accepted": lambda a, ctx: a.is_accepted,
        "last_activity_date": lambda a, ctx: epoch(a.last_activity_at),
        "last_edit_date": lambda a, ctx: epoch(a.last_edited_at),
        "last_editor": _last_editor,
        "link": lambda a, ctx: answer_link(ctx, a.question_id, a.pk),
        "owner": owner,
        "question_id": lambda a, ctx: a.question_id,
        "score": lambda a, ctx: a.score,
        "share_link": lambda a, ctx: answer_link(ctx, a.question_id, a.pk),
        "tags": lambda a, ctx: _tags(a.question),
        "title": lambda a, ctx: ctx.text(a.question.title),
        "up_vote_count": lambda a, ctx: a.up_vote_count,
        "upvoted": lambda a, ctx: a.user_has_upvoted,
    }


class QuestionShape(Shape):
    """`question`, with its `answers` and `comments` embedded when the filter asks."""

    type_name = "question"
    fields = {
        "accepted_answer_id": lambda q, ctx: q.accepted_answer_id,
        "answer_count": lambda q, ctx: q.answer_count,
        "answers": lambda q, ctx: AnswerShape.render_many(q.answers.all(), ctx),
        "body": lambda q, ctx: q.body_html,
        "body_markdown": _markdown,
        "bookmarked": lambda q, ctx: q.user_has_bookmarked,
        "comment_count": lambda q, ctx: q.comment_count,
        "comments": lambda q, ctx: CommentShape.render_many(q.comments.all(), ctx),
        "creation_date": lambda q, ctx: epoch(q.created_at),
        "down_vote_count": lambda q, ctx: q.down_vote_count,
        "downvoted": lambda q, ctx: q.user_has_downvoted,
        "is_answered": lambda q, ctx: q.is_answered,
        "last_activity_date": lambda q, ctx: epoch(q.last_activity_at),
        "last_edit_date": lambda q, ctx: epoch(q.last_edited_at),
        "last_editor": _last_editor,
        "link": lambda q, ctx: question_link(ctx, q.pk),
        "owner": owner,
        "question_id": lambda q, ctx: q.pk,
        "score": lambda q, ctx: q.score,
        "share_link": lambda q, ctx: question_link(ctx, q.pk),
        "tags": lambda q, ctx: _tags(q),
        "title": lambda q, ctx: ctx.text(q.title),
        "up_vote_count": lambda q, ctx: q.up_vote_count,
        "upvoted": lambda q, ctx: q.user_has_upvoted,
        "view_count": lambda q, ctx: q.view_count,
    }


def _post_link(p, ctx: RenderContext) -> str:
    if isinstance(p, Answer):
        return answer_link(ctx, p.question_id, p.pk)
    return question_link(ctx, p.pk)


class PostShape(Shape):
    """`post`: a question or an answer, by its post id (questions and answers share one
    id space). Takes the objects the question and answer selectors decorate."""

    type_name = "post"
    fields = {
        "body": lambda p, ctx: p.body_html,
        "body_markdown": _markdown,
        "comment_count": lambda p, ctx: p.comment_count,
        "comments": lambda p, ctx: CommentShape.render_many(p.comments.all(), ctx),
        "creation_date": lambda p, ctx: epoch(p.created_at),
        "down_vote_count": lambda p, ctx: p.down_vote_count,
        "last_activity_date": lambda p, ctx: epoch(p.last_activity_at),
        "last_edit_date": lambda p, ctx: epoch(p.last_edited_at),
        "last_editor": _last_editor,
        "link": _post_link,
        "owner": owner,
        "post_id": lambda p, ctx: p.pk,
        "post_type": lambda p, ctx: "answer" if isinstance(p, Answer) else "question",
        "score": lambda p, ctx: p.score,
        "share_link": _post_link,
        "title": lambda p, ctx: ctx.text(p.question.title if isinstance(p, Answer) else p.title),
        "up_vote_count": lambda p, ctx: p.up_vote_count,
    }

"""Comments under a question or one of its answers: add, edit, delete.

A comment is added from the small form under its post; a refused or invalid one is said
next to that post, with the text sent kept in the form (the page is shown again). The
lookup (`comment_on`), the edit and delete pages and the delete itself serve the comments
under an article too (`articles.py`)."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from .. import selectors, services
from ..urls_paths import question_path
from .common import Done, SentOnce, redirect_to, saved, team_page
from .forms import CommentEditForm, CommentForm, ConfirmForm
from .questions import (
    QUESTION_ANCHOR,
    answer_anchor,
    comment_anchor,
    refused_edit,
    render_question,
)

COMMENT_DELETED_MESSAGE = "The comment was deleted."


@require_POST
@team_page
def question_comment_create(request, question_id: int):
    return _create(request, question_id=question_id, answer_id=None)


@require_POST
@team_page
def answer_comment_create(request, question_id: int, answer_id: int):
    return _create(request, question_id=question_id, answer_id=answer_id)


def _create(request, *, question_id: int, answer_id: int | None):
    team = request.team
    page = question_path(team.slug, question_id)
    post_anchor = answer_anchor(answer_id) if answer_id else QUESTION_ANCHOR
    form = CommentForm(request.POST)
    if form.is_valid():
        body = form.cleaned_data["body"]

        def post():
            question = selectors.question_get_for_write(team=team, question_id=question_id)
            answer = None
            if answer_id is not None:
                answer = selectors.answer_get_for_write(question=question, answer_id=answer_id)
            comment = services.comment_create(
                user=request.user, body=body, question=question, answer=answer
            )
            return Done(page, comment_anchor(comment))

        scope = f"comment:{question_id}:{answer_id or ''}"
        response = SentOnce(request, form, scope=scope, content=body, fallback=page).run(post)
        if response is not None:
            return response
    # The page again, with this post's comment form open, its errors and the text sent.
    question = selectors.question_page_get(team=team, user=request.user, question_id=question_id)
    if answer_id is not None and not any(a.pk == answer_id for a in question.answers.all()):
        raise Http404
    return render_question(request, question, comment_form=(post_anchor, form))


def comment_on(request, comment_id: int, *, question_id=None, article_id=None):
    """The team's comment `comment_id` if it is on the question (or one of its answers)
    or the article the URL names; else a 404."""
    comment = selectors.comment_get_for_write(team=request.team, comment_id=comment_id)
    if (comment.question_id, comment.article_id) != (question_id, article_id):
        raise Http404
    return comment


@require_http_methods(["GET", "HEAD", "POST"])
@team_page
def comment_edit(request, question_id: int, comment_id: int):
    comment = comment_on(request, comment_id, question_id=question_id)
    page = question_path(request.team.slug, question_id)
    return comment_edit_page(
        request, comment, page=page, section="questions", post=comment.question
    )


@require_http_methods(["GET", "HEAD", "POST"])
@team_page
def comment_delete(request, question_id: int, comment_id: int):
    page = question_path(request.team.slug, question_id)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        return comment_deleted(request, form, comment_id, page=page, question_id=question_id)
    comment = comment_on(request, comment_id, question_id=question_id)
    if refused_edit(request, owner_id=comment.owner_id, anchor=comment_anchor(comment)):
        return redirect_to(page, comment_anchor(comment))
    return comment_delete_page(
        request, comment, form=form, page=page, section="questions", post=comment.question
    )


# --- The comment pages (shared with the comments under an article) -------------------------


def comment_edit_page(request, comment, *, page: str, section: str, post):
    """Edit a comment on `post` (its question or article, whose title the page shows),
    back to the comment on `page` once saved. Someone who may not edit it is sent back
    to it, told why."""
    anchor = comment_anchor(comment)
    if refused_edit(request, owner_id=comment.owner_id, anchor=anchor):
        return redirect_to(page, anchor)
    if request.method == "POST":
        form = CommentEditForm(request.POST)
        if form.is_valid() and saved(
            form,
            lambda: services.comment_update(
                comment=comment, user=request.user, body=form.cleaned_data["body"]
            ),
        ):
            return redirect_to(page, anchor)
    else:
        form = CommentEditForm(initial={"body": comment.body_markdown})
    return render(
        request,
        "content/comment_edit.html",
        {
            "section": section,
            "question": post,  # the post the comment is on (its title)
            "comment": comment,
            "form": form,
            "cancel": f"{page}#{anchor}",
        },
    )


def comment_deleted(request, form, comment_id: int, *, page: str, back_to=None, **post):
    """Delete the comment on `post` (`question_id=` or `article_id=`, see `comment_on`)
    once however often the form is sent, and go back to the post on `page` saying so (at
    `back_to`, else the answer or question it was under); a refusal is said next to the
    comment."""
    sent = SentOnce(request, form, scope=f"delete-comment:{comment_id}", fallback=page)

    def delete():
        comment = comment_on(request, comment_id, **post)
        sent.refused_at = (page, comment_anchor(comment))
        services.comment_delete(comment=comment, user=request.user)
        post_anchor = back_to or (
            answer_anchor(comment.answer_id) if comment.answer_id else QUESTION_ANCHOR
        )
        return Done(page, post_anchor, COMMENT_DELETED_MESSAGE)

    return sent.run(delete)


def comment_delete_page(request, comment, *, form, page: str, section: str, post):
    """The "delete this comment?" page of a comment on `post` (its title is shown)."""
    return render(
        request,
        "content/confirm_delete.html",
        {
            "section": section,
            "form": form,
            "what": "comment",
            "title": post.title,
            "body_html": comment.body_html,
            "cancel": f"{page}#{comment_anchor(comment)}",
            "consequence": "",
        },
    )

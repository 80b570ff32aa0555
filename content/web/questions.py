"""The question page and what is done on it: ask, edit, delete, vote, bookmark, watch;
the Markdown preview; the team-less links of earlier API versions.

Each view is thin: parse the form, call one service (the rules and their messages are
there), redirect back to the post's anchor (`#question`, `#answer-<id>`,
`#comment<id>_<post id>`). A refused action is said next to the post (`common.refuse`)
with the service's own message.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import selectors, services
from ..markdown import render_markdown
from ..models import BODY_MAX_LENGTH, Vote
from ..urls_paths import article_path, question_path, team_path
from .common import (
    Done,
    SentOnce,
    is_team_admin,
    messages_by_anchor,
    redirect_to,
    refuse,
    saved,
    team_page,
)
from .forms import AnswerForm, ConfirmForm, QuestionEditForm, QuestionForm, question_initial

QUESTION_ANCHOR = "question"
QUESTION_DELETED_MESSAGE = "The question was deleted."
VOTE_VALUE_MESSAGE = "Choose to vote up, vote down or take your vote back."
PREVIEW_TOO_LONG_MESSAGE = f"Too long to preview: a post has at most {BODY_MAX_LENGTH} characters."
VOTES = {"up": Vote.UP, "down": Vote.DOWN}


def answer_anchor(answer_id: int) -> str:
    return f"answer-{answer_id}"


def comment_anchor(comment) -> str:
    """`comment<id>_<post id>`, as `urls_paths.comment_path` links it."""
    return f"comment{comment.pk}_{comment.answer_id or comment.question_id or comment.article_id}"


def preview_of(body: str) -> dict:
    """A Markdown preview (`html`, or `error`): the same pipeline as a saved post."""
    if len(body) > BODY_MAX_LENGTH:
        return {"html": "", "error": PREVIEW_TOO_LONG_MESSAGE}
    return {"html": render_markdown(body), "error": ""}


def form_and_preview(request, form_class, *, initial=None, **options):
    """The form of a page with a "Preview" button, and the preview (None unless asked):
    on GET the form with its `initial` values; on "Preview" the form as typed over them
    (a disabled field is not sent), unbound (no errors shown while previewing), and the
    preview of its body; else the form bound to what was sent."""
    if request.method != "POST":
        return form_class(initial=initial, **options), None
    if request.POST.get("action") == "preview":
        fields = form_class.base_fields
        typed = {
            name: request.POST.getlist(name)
            if isinstance(fields.get(name), forms.MultipleChoiceField)
            else request.POST.get(name)
            for name in request.POST
        }
        form = form_class(initial={**(initial or {}), **typed}, **options)
        return form, preview_of(request.POST.get("body", ""))
    return form_class(request.POST, initial=initial, **options), None


def refused_edit(request, *, owner_id: int | None, anchor: str) -> bool:
    """Whether the caller may not change this post (the service's rule, asked before an
    edit or delete page is shown); if so, the reason is said next to the post."""
    try:
        services.check_may_edit(team=request.team, user=request.user, owner_id=owner_id)
    except PermissionDenied as refusal:
        refuse(request, str(refusal), anchor=anchor)
        return True
    return False


# --- The page -------------------------------------------------------------------------------


@require_safe
@team_page
def question_page(request, question_id: int):
    question = selectors.question_page_get(
        team=request.team, user=request.user, question_id=question_id
    )
    if services.view_record(user=request.user, question=question):
        question.view_count += 1
    return render_question(request, question)


def render_question(request, question, *, answer_form=None, preview=None, comment_form=None):
    """The question page; `answer_form` (bound, with its errors) and `preview` when the
    answer form at its foot comes back; `comment_form` (`(post anchor, bound form)`) when
    a comment form under a post does."""
    user, team_admin = request.user, is_team_admin(request)
    refusals, page_messages = messages_by_anchor(request)
    answers = list(question.answers.all())
    question.can_edit = services.may_edit(
        user=user, owner_id=question.owner_id, team_admin=team_admin
    )
    question.anchor = QUESTION_ANCHOR
    for answer in answers:
        answer.anchor = answer_anchor(answer.pk)
        answer.can_edit = services.may_edit(
            user=user, owner_id=answer.owner_id, team_admin=team_admin
        )
    for post in (question, *answers):
        post.refusals = refusals.pop(post.anchor, [])
        post.comment_list = _comments(post.comments.all(), user, team_admin, refusals)
        post.comment_form = None
        if comment_form is not None and comment_form[0] == post.anchor:
            post.comment_form = comment_form[1]
    for leftover in refusals.values():  # about a post no longer on the page
        page_messages.extend(leftover)
    context = {
        "section": "questions",
        "question": question,
        "answers": answers,
        "can_accept": services.may_accept(question=question, user=user),
        "answer_form": answer_form or AnswerForm(),
        "preview": preview,
        "page_messages": page_messages,
        # One key for every comment form of this page (each post is its own scope).
        "comment_key": services.submission_key_new(),
    }
    return render(request, "content/question.html", context)


def _comments(comments, user, team_admin: bool, refusals: dict) -> list:
    shown = list(comments)
    for comment in shown:
        comment.anchor = comment_anchor(comment)
        comment.can_edit = services.may_edit(
            user=user, owner_id=comment.owner_id, team_admin=team_admin
        )
        comment.refusals = refusals.pop(comment.anchor, [])
    return shown


# --- Ask, edit, delete ---------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@team_page
def ask(request):
    team = request.team
    form, preview = form_and_preview(request, QuestionForm)
    if form.is_valid():
        data = form.cleaned_data

        def post():
            question = services.question_create(
                team=team,
                user=request.user,
                title=data["title"],
                body=data["body"],
                tags=data["tags"],
            )
            return Done(question_path(team.slug, question.pk))

        content = f"{data['title']}\0{data['body']}"
        sent = SentOnce(
            request, form, scope=f"ask:{team.pk}", content=content, fallback=team_path(team.slug)
        )
        response = sent.run(post)
        if response is not None:
            return response
    return render(
        request,
        "content/ask.html",
        {
            "section": "questions",
            "form": form,
            "preview": preview,
            "tag_suggestions": selectors.tag_name_suggestions(team=team),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@team_page
def question_edit(request, question_id: int):
    team = request.team
    question = selectors.question_get_for_write(team=team, question_id=question_id)
    page = question_path(team.slug, question.pk)
    if refused_edit(request, owner_id=question.owner_id, anchor=QUESTION_ANCHOR):
        return redirect_to(page, QUESTION_ANCHOR)
    # The question's values (its tags are a query) fill the form first shown only.
    initial = question_initial(question) if request.method != "POST" else None
    form, preview = form_and_preview(request, QuestionEditForm, initial=initial)
    if form.is_valid() and saved(
        form,
        lambda: services.question_update(
            question=question,
            user=request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            tags=form.cleaned_data["tags"],
        ),
    ):
        return redirect_to(page, QUESTION_ANCHOR)
    return render(
        request,
        "content/question_edit.html",
        {
            "section": "questions",
            "question": question,
            "form": form,
            "preview": preview,
            "tag_suggestions": selectors.tag_name_suggestions(team=team),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@team_page
def question_delete(request, question_id: int):
    team = request.team
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_valid():

        def delete():
            question = selectors.question_get_for_write(team=team, question_id=question_id)
            services.question_delete(question=question, user=request.user)
            return Done(team_path(team.slug), message=QUESTION_DELETED_MESSAGE)

        return SentOnce(
            request,
            form,
            scope=f"delete-question:{question_id}",
            fallback=team_path(team.slug),
            refused_at=(question_path(team.slug, question_id), QUESTION_ANCHOR),
        ).run(delete)
    question = selectors.question_get_for_write(team=team, question_id=question_id)
    refused = refused_edit(request, owner_id=question.owner_id, anchor=QUESTION_ANCHOR)
    if refused:
        return redirect_to(question_path(team.slug, question.pk), QUESTION_ANCHOR)
    return render(
        request,
        "content/confirm_delete.html",
        {
            "section": "questions",
            "form": form,
            "what": "question",
            "title": question.title,
            "body_html": question.body_html,
            "cancel": f"{question_path(team.slug, question.pk)}#{QUESTION_ANCHOR}",
            "consequence": "Its answers and comments are deleted with it, and the "
            "reputation its votes earned is taken back.",
        },
    )


# --- Votes, bookmark, watch ----------------------------------------------------------------


def vote(request, *, anchor: str, **post) -> None:
    """Apply the vote a post's vote buttons sent (`value`: up, down or none), or say why
    not. The buttons send the state wanted, not a toggle, so a double click is one vote."""
    value = request.POST.get("value", "")
    try:
        if value in VOTES:
            services.vote_cast(user=request.user, value=VOTES[value], **post)
        elif value == "none":
            for cast in VOTES.values():
                services.vote_withdraw(user=request.user, value=cast, **post)
        else:
            refuse(request, VOTE_VALUE_MESSAGE, anchor=anchor)
    except PermissionDenied as refusal:
        refuse(request, str(refusal), anchor=anchor)


@require_POST
@team_page
def question_vote(request, question_id: int):
    question = selectors.question_get_for_write(team=request.team, question_id=question_id)
    vote(request, anchor=QUESTION_ANCHOR, question=question)
    return redirect_to(question_path(request.team.slug, question.pk), QUESTION_ANCHOR)


@require_POST
@team_page
def question_bookmark(request, question_id: int):
    return _switch(
        request, question_id, "bookmark", on=services.bookmark_create, off=services.bookmark_delete
    )


@require_POST
@team_page
def question_watch(request, question_id: int):
    return _switch(
        request, question_id, "watch", on=services.question_watch, off=services.question_unwatch
    )


def _switch(request, question_id: int, name: str, *, on, off):
    """Turn a switch of the caller's on the question off (`<name>=off`) or on (anything
    else) with its service, then back to the question. The form sends the state wanted,
    so a double click changes nothing."""
    question = selectors.question_get_for_write(team=request.team, question_id=question_id)
    service = off if request.POST.get(name) == "off" else on
    service(user=request.user, question=question)
    return redirect_to(question_path(request.team.slug, question.pk), QUESTION_ANCHOR)


# --- Markdown preview (for static/js/editor.js) ---------------------------------------------


@require_POST
@team_page
def markdown_preview(request):
    """The sanitised HTML of `body` (a fragment), as a saved post would show it: the
    editor's live preview. The page's "Preview" button does the same without JavaScript."""
    preview = preview_of(request.POST.get("body", ""))
    if preview["error"]:
        response = HttpResponse(preview["error"], status=400, content_type="text/plain")
    else:
        response = HttpResponse(preview["html"], content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


# --- Team-less links ------------------------------------------------------------------------


@require_safe
@login_required
def old_question(request, question_id: int):
    """`/questions/<id>/` (how earlier API versions linked a question): to its team's
    page, for a member of that team; a 404 for anyone else."""
    return _old_post(request, kind="question", post_id=question_id)


@require_safe
@login_required
def old_article(request, article_id: int):
    """`/articles/<id>/`: likewise, to the article's page in its team."""
    return _old_post(request, kind="article", post_id=article_id)


def _old_post(request, *, kind: str, post_id: int):
    slug = selectors.post_team_slug_for_member(user=request.user, kind=kind, post_id=post_id)
    if slug is None:
        raise Http404
    path = question_path if kind == "question" else article_path
    return redirect_to(path(slug, post_id))

"""Answers on the question page: post one (with a Markdown preview), edit, delete, vote,
accept. Thin views over the services, as `questions.py`."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from .. import selectors, services
from ..urls_paths import question_path
from .common import Done, SentOnce, redirect_to, refuse, saved, team_page
from .forms import AnswerEditForm, AnswerForm, ConfirmForm
from .questions import answer_anchor, form_and_preview, refused_edit, render_question, vote

ANSWER_DELETED_MESSAGE = "The answer was deleted."


@require_POST
@team_page
def answer_create(request, question_id: int):
    """The answer form at the foot of the question page. "Preview" (or an error) shows the
    page again with the form as it was sent; "Post your answer" posts it once, however
    many times it is sent (`services.submission_once`)."""
    team = request.team
    page = question_path(team.slug, question_id)
    form, preview = form_and_preview(request, AnswerForm)
    if preview is not None:
        return _question_with_form(request, question_id, form, preview=preview)
    if form.is_valid():
        body = form.cleaned_data["body"]

        def post():
            question = selectors.question_get_for_write(team=team, question_id=question_id)
            answer = services.answer_create(question=question, user=request.user, body=body)
            return Done(page, answer_anchor(answer.pk))

        sent = SentOnce(request, form, scope=f"answer:{question_id}", content=body, fallback=page)
        response = sent.run(post)
        if response is not None:
            return response
    return _question_with_form(request, question_id, form)


def _question_with_form(request, question_id: int, form, preview=None):
    question = selectors.question_page_get(
        team=request.team, user=request.user, question_id=question_id
    )
    return render_question(request, question, answer_form=form, preview=preview)


def _answer(request, question_id: int, answer_id: int):
    question = selectors.question_get_for_write(team=request.team, question_id=question_id)
    return selectors.answer_get_for_write(question=question, answer_id=answer_id)


@require_http_methods(["GET", "HEAD", "POST"])
@team_page
def answer_edit(request, question_id: int, answer_id: int):
    answer = _answer(request, question_id, answer_id)
    page = question_path(request.team.slug, question_id)
    anchor = answer_anchor(answer.pk)
    if refused_edit(request, owner_id=answer.owner_id, anchor=anchor):
        return redirect_to(page, anchor)
    initial = {"body": answer.body_markdown}
    form, preview = form_and_preview(request, AnswerEditForm, initial=initial)
    if form.is_valid() and saved(
        form,
        lambda: services.answer_update(
            answer=answer, user=request.user, body=form.cleaned_data["body"]
        ),
    ):
        return redirect_to(page, anchor)
    return render(
        request,
        "content/answer_edit.html",
        {
            "section": "questions",
            "question": answer.question,
            "answer": answer,
            "form": form,
            "preview": preview,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@team_page
def answer_delete(request, question_id: int, answer_id: int):
    page = question_path(request.team.slug, question_id)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_valid():

        def delete():
            answer = _answer(request, question_id, answer_id)
            services.answer_delete(answer=answer, user=request.user)
            return Done(page, message=ANSWER_DELETED_MESSAGE)

        return SentOnce(
            request,
            form,
            scope=f"delete-answer:{answer_id}",
            fallback=page,
            refused_at=(page, answer_anchor(answer_id)),
        ).run(delete)
    answer = _answer(request, question_id, answer_id)
    if refused_edit(request, owner_id=answer.owner_id, anchor=answer_anchor(answer.pk)):
        return redirect_to(page, answer_anchor(answer.pk))
    return render(
        request,
        "content/confirm_delete.html",
        {
            "section": "questions",
            "form": form,
            "what": "answer",
            "title": answer.question.title,
            "body_html": answer.body_html,
            "cancel": f"{page}#{answer_anchor(answer.pk)}",
            "consequence": "Its comments are deleted with it, and the reputation its votes "
            "and its acceptance earned is taken back.",
        },
    )


@require_POST
@team_page
def answer_vote(request, question_id: int, answer_id: int):
    answer = _answer(request, question_id, answer_id)
    vote(request, anchor=answer_anchor(answer.pk), answer=answer)
    return redirect_to(question_path(request.team.slug, question_id), answer_anchor(answer.pk))


@require_POST
@team_page
def answer_accept(request, question_id: int, answer_id: int):
    """Accept (`accept=on`) or unaccept (`accept=off`) an answer: the question's owner
    only (the service says so to anyone else)."""
    answer = _answer(request, question_id, answer_id)
    try:
        if request.POST.get("accept") == "off":
            services.answer_unaccept(answer=answer, user=request.user)
        else:
            services.answer_accept(answer=answer, user=request.user)
    except PermissionDenied as refusal:
        refuse(request, str(refusal), anchor=answer_anchor(answer.pk))
    return redirect_to(question_path(request.team.slug, question_id), answer_anchor(answer.pk))

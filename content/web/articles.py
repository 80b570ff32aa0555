"""Article pages: the team's articles (`web-articles`), an article at its `webUrl`
(`web-article`), and writing them as questions are written: a new article with a Markdown
preview (`web-article-new`), edit (`web-article-edit`), delete (`web-article-delete`),
upvote (`web-article-upvote`), comment (`web-article-comment`) and the comment's edit and
delete pages (`web-article-comment-edit`, `web-article-comment-delete`).

Every action goes through the article services, so the API's rules hold here too: anyone
in the team writes, comments and upvotes others' articles; the owner, team admins and the
editors the article names edit it; only the owner or a team admin changes who may edit it
or deletes it. A refused action is said next to the article (`common.refuse`) with the
service's own message, as on the question page; a form that creates something is sent
once however often it is clicked (`services.submission_once`).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import selectors, services
from ..models import Article
from ..urls_paths import article_path, articles_path
from .article_forms import ArticleEditForm, ArticleForm, article_initial
from .common import (
    PAGE_SIZE,
    is_team_admin,
    messages_by_anchor,
    page_number,
    pager,
    redirect_to,
    refuse,
    team_page,
)
from .forms import CommentEditForm, CommentForm, ConfirmForm
from .questions import comment_anchor, preview_of

ARTICLE_ANCHOR = "article"
ARTICLE_ORDERS = {
    "activity": "Active",
    "creation": "Newest",
    "score": "Score",
}
LINKED_QUESTIONS_SHOWN = 10
TAG_FILTER_MAX_LENGTH = 35

ARTICLE_DELETED_MESSAGE = "The article “{title}” was deleted."
COMMENT_DELETED_MESSAGE = "The comment was deleted."
UPVOTE_VALUE_MESSAGE = "Choose to upvote the article or take your upvote back."


def _choice(request, name: str, choices, default: str) -> str:
    value = request.GET.get(name, default)
    return value if value in choices else default


# --- The list and the page ------------------------------------------------------------------


@require_safe
@team_page
def article_index(request):
    """The team's articles, by activity, newest or score, filtered by type and tag."""
    order = _choice(request, "sort", ARTICLE_ORDERS, "activity")
    kind = _choice(request, "type", Article.Type.values, "")
    tag = request.GET.get("tag", "").strip().lower()[:TAG_FILTER_MAX_LENGTH]
    page = selectors.article_list(
        team=request.team,
        page=page_number(request),
        page_size=PAGE_SIZE,
        sort=order,
        types=[kind] if kind else None,
        tagged=[tag] if tag else None,
    )
    context = {
        "section": "articles",
        "page": page,
        "pager": pager(page),
        "order": order,
        "orders": list(ARTICLE_ORDERS.items()),
        "kind": kind,
        "kinds": Article.Type.choices,
        "tag_filter": tag,
    }
    return render(request, "content/articles.html", context)


@require_safe
@team_page
def article(request, article_id: int):
    """An article: rendered body, type, tags, owner and editor, its score and the
    caller's upvote, comments, and the questions linked with it. Views are counted as
    on questions (once per person per window)."""
    article = selectors.article_get(team=request.team, user=request.user, article_id=article_id)
    if services.view_record(user=request.user, article=article):
        article.view_count += 1
    return render_article(request, article)


def render_article(request, article, *, comment_form=None, status=200):
    """The article page; `comment_form` (bound, with its errors) when the comment form
    under the article comes back."""
    team, user = request.team, request.user
    team_admin = is_team_admin(request)
    refusals, page_messages = messages_by_anchor(request)
    article.anchor = ARTICLE_ANCHOR
    article.refusals = refusals.pop(ARTICLE_ANCHOR, [])
    article.comment_list = list(selectors.article_comment_list(article=article))
    for comment in article.comment_list:
        comment.anchor = comment_anchor(comment)
        comment.can_edit = services.may_edit(
            user=user, owner_id=comment.owner_id, team_admin=team_admin
        )
        comment.refusals = refusals.pop(comment.anchor, [])
    article.comment_form = comment_form
    for leftover in refusals.values():  # about a comment no longer on the page
        page_messages.extend(leftover)
    context = {
        "section": "articles",
        "article": article,
        "may_delete": article.owner_id == user.pk or team_admin,
        "linked": selectors.article_linked_question_list(
            team=team, article=article, limit=LINKED_QUESTIONS_SHOWN
        ),
        "page_messages": page_messages,
        "comment_key": services.submission_key_new(),
    }
    return render(request, "content/article.html", context, status=status)


# --- Write, edit, delete --------------------------------------------------------------------


def _choices(team) -> dict:
    return {
        "members": selectors.member_choice_list(team=team),
        "groups": selectors.user_group_choice_list(team=team),
    }


def _preview_form(form_class, request, *, initial=None, **kwargs):
    """The form as typed over its `initial` values (a disabled field is not sent), unbound
    (no errors shown while previewing), and its preview."""
    typed = {
        name: request.POST.getlist(name) if name.startswith("editor_") else request.POST.get(name)
        for name in request.POST
    }
    form = form_class(initial={**(initial or {}), **typed}, **kwargs)
    return form, preview_of(request.POST.get("body", ""))


def _form_page(request, context: dict, *, status: int = 200):
    context = {
        "section": "articles",
        "tag_suggestions": selectors.tag_name_suggestions(team=request.team),
        **context,
    }
    return render(request, "content/article_form.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@team_page
def article_new(request):
    """Write an article. "Preview" shows the body rendered, without saving; a double
    click on "Publish" publishes once."""
    team = request.team
    choices = _choices(team)
    preview = None
    if request.method != "POST":
        form = ArticleForm(**choices)
    elif request.POST.get("action") == "preview":
        form, preview = _preview_form(ArticleForm, request, **choices)
    else:
        form = ArticleForm(request.POST, **choices)
        if form.is_valid():
            data = form.cleaned_data
            try:
                with services.submission_once(
                    user=request.user,
                    key=data["submission_key"],
                    scope=f"article:{team.pk}",
                    content=f"{data['title']}\0{data['body']}",
                ) as claim:
                    article = services.article_create(
                        team=team, user=request.user, **form.service_arguments()
                    )
                    claim.done(article_path(team.slug, article.pk))
                return redirect_to(article_path(team.slug, article.pk))
            except services.DuplicateSubmission as duplicate:
                return redirect_to(duplicate.result or articles_path(team.slug))
            except ValidationError as error:
                form.add_service_errors(error)
    status = 400 if form.is_bound and form.errors else 200
    return _form_page(request, {"form": form, "preview": preview}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@team_page
def article_edit(request, article_id: int):
    """Edit an article (its owner, team admins, and its editors; only the first two may
    change who may edit it). Someone who may not edit it is sent back to the article,
    told why with the service's message."""
    team = request.team
    article = selectors.article_get(team=team, user=request.user, article_id=article_id)
    page = article_path(team.slug, article.pk)
    if not article.user_can_edit:
        refuse(request, services.ARTICLE_EDIT_NOT_ALLOWED_MESSAGE, anchor=ARTICLE_ANCHOR)
        return redirect_to(page, ARTICLE_ANCHOR)
    may_set_permissions = article.owner_id == request.user.pk or is_team_admin(request)
    options = {**_choices(team), "may_set_permissions": may_set_permissions}
    initial = article_initial(article)
    preview = None
    if request.method != "POST":
        form = ArticleEditForm(initial=initial, **options)
    elif request.POST.get("action") == "preview":
        form, preview = _preview_form(ArticleEditForm, request, initial=initial, **options)
    else:
        form = ArticleEditForm(request.POST, initial=initial, **options)
        if form.is_valid():
            try:
                services.article_update(
                    article=selectors.article_get_for_write(team=team, article_id=article.pk),
                    user=request.user,
                    **form.service_arguments(),
                )
            except ValidationError as error:
                form.add_service_errors(error)
            except PermissionDenied as refusal:
                form.add_error(None, str(refusal))
            else:
                return redirect_to(page, ARTICLE_ANCHOR)
    status = 400 if form.is_bound and form.errors else 200
    context = {"article": article, "form": form, "preview": preview}
    return _form_page(request, context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@team_page
def article_delete(request, article_id: int):
    """Ask, then delete an article (its owner or a team admin; anyone else is sent back
    to it, told why). A double click deletes once."""
    team = request.team
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            with services.submission_once(
                user=request.user,
                key=form.cleaned_data["submission_key"],
                scope=f"delete-article:{article_id}",
            ) as claim:
                article = selectors.article_get_for_write(team=team, article_id=article_id)
                services.article_delete(article=article, user=request.user)
                claim.done(articles_path(team.slug))
        except services.DuplicateSubmission as duplicate:
            return redirect_to(duplicate.result or articles_path(team.slug))
        except PermissionDenied as refusal:
            refuse(request, str(refusal), anchor=ARTICLE_ANCHOR)
            return redirect_to(article_path(team.slug, article_id), ARTICLE_ANCHOR)
        messages.success(request, ARTICLE_DELETED_MESSAGE.format(title=article.title))
        return redirect_to(articles_path(team.slug))
    article = selectors.article_get_for_write(team=team, article_id=article_id)
    if not (article.owner_id == request.user.pk or is_team_admin(request)):
        refuse(request, services.ARTICLE_DELETE_NOT_ALLOWED_MESSAGE, anchor=ARTICLE_ANCHOR)
        return redirect_to(article_path(team.slug, article.pk), ARTICLE_ANCHOR)
    return render(
        request,
        "content/confirm_delete.html",
        {
            "section": "articles",
            "form": form,
            "what": "article",
            "title": article.title,
            "body_html": article.body_html,
            "cancel": f"{article_path(team.slug, article.pk)}#{ARTICLE_ANCHOR}",
            "consequence": "Its comments and upvotes are deleted with it, and the "
            "reputation its upvotes earned is taken back.",
        },
    )


# --- Upvote and comments --------------------------------------------------------------------


@require_POST
@team_page
def article_upvote(request, article_id: int):
    """Upvote an article (`value=up`) or take the upvote back (`value=none`): the button
    sends the state wanted, so a double click is one upvote. One's own article is refused
    with the service's reason, next to it."""
    team = request.team
    article = selectors.article_get_for_write(team=team, article_id=article_id)
    value = request.POST.get("value", "")
    try:
        if value == "up":
            services.article_upvote(article=article, user=request.user)
        elif value == "none":
            services.article_upvote_withdraw(article=article, user=request.user)
        else:
            refuse(request, UPVOTE_VALUE_MESSAGE, anchor=ARTICLE_ANCHOR)
    except PermissionDenied as refusal:
        refuse(request, str(refusal), anchor=ARTICLE_ANCHOR)
    return redirect_to(article_path(team.slug, article.pk), ARTICLE_ANCHOR)


@require_POST
@team_page
def article_comment(request, article_id: int):
    """Comment on an article (once per form, however often it is sent); an invalid
    comment shows the article again with the comment form open, its error and the text."""
    team = request.team
    page = article_path(team.slug, article_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            with services.submission_once(
                user=request.user,
                key=form.cleaned_data["submission_key"],
                scope=f"article-comment:{article_id}",
                content=form.cleaned_data["body"],
            ) as claim:
                article = selectors.article_get_for_write(team=team, article_id=article_id)
                comment = services.comment_create(
                    article=article, user=request.user, body=form.cleaned_data["body"]
                )
                claim.done(f"{page}#{comment_anchor(comment)}")
            return redirect_to(page, comment_anchor(comment))
        except services.DuplicateSubmission as duplicate:
            return redirect_to(duplicate.result or page)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("body", message)
    article = selectors.article_get(team=team, user=request.user, article_id=article_id)
    return render_article(request, article, comment_form=form, status=400)


def _comment(request, article_id: int, comment_id: int):
    comment = selectors.comment_get_for_write(team=request.team, comment_id=comment_id)
    if comment.article_id != article_id:
        raise Http404
    return comment


@require_http_methods(["GET", "HEAD", "POST"])
@team_page
def article_comment_edit(request, article_id: int, comment_id: int):
    """Edit a comment under an article (its author or a team admin)."""
    comment = _comment(request, article_id, comment_id)
    page = article_path(request.team.slug, article_id)
    anchor = comment_anchor(comment)
    try:
        services.check_may_edit(team=request.team, user=request.user, owner_id=comment.owner_id)
    except PermissionDenied as refusal:
        refuse(request, str(refusal), anchor=anchor)
        return redirect_to(page, anchor)
    if request.method == "POST":
        form = CommentEditForm(request.POST)
        if form.is_valid():
            try:
                services.comment_update(
                    comment=comment, user=request.user, body=form.cleaned_data["body"]
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("body", message)
            else:
                return redirect_to(page, anchor)
    else:
        form = CommentEditForm(initial={"body": comment.body_markdown})
    return render(
        request,
        "content/comment_edit.html",
        {
            "section": "articles",
            "question": comment.article,  # the post the comment is on (its title)
            "comment": comment,
            "form": form,
            "cancel": f"{page}#{anchor}",
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@team_page
def article_comment_delete(request, article_id: int, comment_id: int):
    """Ask, then delete a comment under an article (its author or a team admin)."""
    page = article_path(request.team.slug, article_id)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            with services.submission_once(
                user=request.user,
                key=form.cleaned_data["submission_key"],
                scope=f"delete-comment:{comment_id}",
            ) as claim:
                comment = _comment(request, article_id, comment_id)
                services.comment_delete(comment=comment, user=request.user)
                claim.done(f"{page}#{ARTICLE_ANCHOR}")
        except services.DuplicateSubmission as duplicate:
            return redirect_to(duplicate.result or page)
        except PermissionDenied as refusal:
            refuse(request, str(refusal), anchor=comment_anchor(comment))
            return redirect_to(page, comment_anchor(comment))
        messages.success(request, COMMENT_DELETED_MESSAGE)
        return redirect_to(page, ARTICLE_ANCHOR)
    comment = _comment(request, article_id, comment_id)
    return render(
        request,
        "content/confirm_delete.html",
        {
            "section": "articles",
            "form": form,
            "what": "comment",
            "title": comment.article.title,
            "body_html": comment.body_html,
            "cancel": f"{page}#{comment_anchor(comment)}",
            "consequence": "",
        },
    )

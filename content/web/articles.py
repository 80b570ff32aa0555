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

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import selectors, services
from ..models import Article
from ..urls_paths import article_path, articles_path
from .article_forms import ArticleEditForm, ArticleForm, article_initial
from .comments import COMMENT_DELETED_MESSAGE as COMMENT_DELETED_MESSAGE
from .comments import comment_delete_page, comment_deleted, comment_edit_page, comment_on
from .common import (
    PAGE_SIZE,
    Done,
    SentOnce,
    choice,
    is_team_admin,
    messages_by_anchor,
    page_number,
    redirect_to,
    refuse,
    render_list,
    saved,
    team_page,
)
from .forms import CommentForm, ConfirmForm
from .questions import comment_anchor, form_and_preview

ARTICLE_ANCHOR = "article"
ARTICLE_ORDERS = {
    "activity": "Active",
    "creation": "Newest",
    "score": "Score",
}
LINKED_QUESTIONS_SHOWN = 10
TAG_FILTER_MAX_LENGTH = 35

ARTICLE_DELETED_MESSAGE = "The article “{title}” was deleted."
UPVOTE_VALUE_MESSAGE = "Choose to upvote the article or take your upvote back."


# --- The list and the page ------------------------------------------------------------------


@require_safe
@team_page
def article_index(request):
    """The team's articles, by activity, newest or score, filtered by type and tag."""
    order = choice(request, "sort", ARTICLE_ORDERS, "activity")
    kind = choice(request, "type", Article.Type.values, "")
    tag = request.GET.get("tag", "").strip().lower()[:TAG_FILTER_MAX_LENGTH]
    page = selectors.article_list(
        team=request.team,
        page=page_number(request),
        page_size=PAGE_SIZE,
        sort=order,
        types=[kind] if kind else None,
        tagged=[tag] if tag else None,
    )
    return render_list(
        request,
        "content/articles.html",
        section="articles",
        page=page,
        order=order,
        orders=list(ARTICLE_ORDERS.items()),
        kind=kind,
        kinds=Article.Type.choices,
        tag_filter=tag,
    )


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
    form, preview = form_and_preview(request, ArticleForm, **choices)
    if form.is_valid():
        data = form.cleaned_data

        def post():
            article = services.article_create(
                team=team, user=request.user, **form.service_arguments()
            )
            return Done(article_path(team.slug, article.pk))

        sent = SentOnce(
            request,
            form,
            scope=f"article:{team.pk}",
            content=f"{data['title']}\0{data['body']}",
            fallback=articles_path(team.slug),
        )
        response = sent.run(post)
        if response is not None:
            return response
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
    form, preview = form_and_preview(request, ArticleEditForm, initial=initial, **options)
    if form.is_valid() and saved(
        form,
        lambda: services.article_update(
            article=selectors.article_get_for_write(team=team, article_id=article.pk),
            user=request.user,
            **form.service_arguments(),
        ),
    ):
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

        def delete():
            article = selectors.article_get_for_write(team=team, article_id=article_id)
            services.article_delete(article=article, user=request.user)
            message = ARTICLE_DELETED_MESSAGE.format(title=article.title)
            return Done(articles_path(team.slug), message=message)

        return SentOnce(
            request,
            form,
            scope=f"delete-article:{article_id}",
            fallback=articles_path(team.slug),
            refused_at=(article_path(team.slug, article_id), ARTICLE_ANCHOR),
        ).run(delete)
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
        body = form.cleaned_data["body"]

        def post():
            article = selectors.article_get_for_write(team=team, article_id=article_id)
            comment = services.comment_create(article=article, user=request.user, body=body)
            return Done(page, comment_anchor(comment))

        scope = f"article-comment:{article_id}"
        response = SentOnce(request, form, scope=scope, content=body, fallback=page).run(post)
        if response is not None:
            return response
    article = selectors.article_get(team=team, user=request.user, article_id=article_id)
    return render_article(request, article, comment_form=form, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
@team_page
def article_comment_edit(request, article_id: int, comment_id: int):
    """Edit a comment under an article (its author or a team admin)."""
    comment = comment_on(request, comment_id, article_id=article_id)
    page = article_path(request.team.slug, article_id)
    return comment_edit_page(request, comment, page=page, section="articles", post=comment.article)


@require_http_methods(["GET", "HEAD", "POST"])
@team_page
def article_comment_delete(request, article_id: int, comment_id: int):
    """Ask, then delete a comment under an article (its author or a team admin)."""
    page = article_path(request.team.slug, article_id)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        return comment_deleted(
            request, form, comment_id, page=page, back_to=ARTICLE_ANCHOR, article_id=article_id
        )
    comment = comment_on(request, comment_id, article_id=article_id)
    return comment_delete_page(
        request, comment, form=form, page=page, section="articles", post=comment.article
    )

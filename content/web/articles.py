"""Article pages: the team's articles (`web-articles`), an article at its `webUrl`
(`web-article`), and writing them as questions are written: a new article with a Markdown
preview (`web-article-new`), edit (`web-article-edit`), delete (`web-article-delete`),
upvote (`web-article-upvote`) and comment (`web-article-comment`).

Every action goes through the article services, so the API's rules hold here too: anyone
in the team writes, comments and upvotes others' articles; the owner, team admins and the
editors the article names edit it; only the owner or a team admin changes who may edit it
or deletes it. A refused action says why, with the service's own message.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from .. import selectors, services
from ..markdown import render_markdown
from ..models import Article
from ..urls_paths import article_path, articles_path, comment_path
from .article_forms import ArticleForm, CommentForm, article_initial
from .common import PAGE_SIZE, is_team_admin, page_number, pager, team_page

ARTICLE_ORDERS = {
    "activity": "Active",
    "creation": "Newest",
    "score": "Score",
}
LINKED_QUESTIONS_SHOWN = 10
TAG_FILTER_MAX_LENGTH = 35

ARTICLE_POSTED_MESSAGE = "Your article is published."
ARTICLE_SAVED_MESSAGE = "Your changes are saved."
ARTICLE_DELETED_MESSAGE = "The article “{title}” was deleted."
UPVOTED_MESSAGE = "You upvoted this article."
UPVOTE_WITHDRAWN_MESSAGE = "Your upvote is withdrawn."
COMMENT_POSTED_MESSAGE = "Your comment is posted."


def _choice(request, name: str, choices, default: str) -> str:
    value = request.GET.get(name, default)
    return value if value in choices else default


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


def _article_page(request, article_id: int, *, comment_form=None, status=200):
    team = request.team
    article = selectors.article_get(team=team, user=request.user, article_id=article_id)
    linked = selectors.article_linked_questions(
        article=article, user=request.user, page=1, page_size=LINKED_QUESTIONS_SHOWN
    )
    context = {
        "section": "articles",
        "article": article,
        "may_delete": article.owner_id == request.user.pk or is_team_admin(request),
        "comments": selectors.article_comment_list(article=article),
        "comment_form": comment_form or CommentForm(),
        "linked": linked,
    }
    return render(request, "content/article.html", context, status=status)


@require_safe
@team_page
def article(request, article_id: int):
    """An article: rendered body, type, tags, owner, score and the caller's upvote,
    comments, and the questions linked with it."""
    return _article_page(request, article_id)


def _form(request, *, data=None, initial=None, may_set_permissions=True) -> ArticleForm:
    team = request.team
    return ArticleForm(
        data=data,
        initial=initial,
        members=selectors.member_choice_list(team=team),
        groups=selectors.user_group_choice_list(team=team),
        may_set_permissions=may_set_permissions,
    )


def _preview(request, form: ArticleForm) -> str | None:
    """The body rendered as it will be published (the same Markdown pipeline), when the
    Preview button was pressed."""
    if "preview" not in request.POST:
        return None
    return render_markdown(form.data.get("body", ""))


@require_http_methods(["GET", "HEAD", "POST"])
@team_page
def article_new(request):
    """Write an article. "Preview" shows the body rendered, without saving."""
    team = request.team
    if request.method != "POST":
        form = _form(request)
        return render(request, "content/article_form.html", {"section": "articles", "form": form})
    form = _form(request, data=request.POST)
    preview = _preview(request, form)
    if form.is_valid() and preview is None:
        try:
            article = services.article_create(
                team=team, user=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, ARTICLE_POSTED_MESSAGE)
            return redirect(article_path(team.slug, article.pk))
    context = {"section": "articles", "form": form, "preview": preview}
    return render(request, "content/article_form.html", context, status=_status(form, preview))


def _status(form, preview) -> int:
    """200 for a preview, 400 for a form with errors (the page still shows the form)."""
    return 400 if form.errors and preview is None else 200


@require_http_methods(["GET", "HEAD", "POST"])
@team_page
def article_edit(request, article_id: int):
    """Edit an article (its owner, team admins, and its editors). Someone who may not
    edit it is told why, with the service's message, and sees no form."""
    team = request.team
    article = selectors.article_get(team=team, user=request.user, article_id=article_id)
    owner_or_admin = article.owner_id == request.user.pk or is_team_admin(request)
    context = {"section": "articles", "article": article}
    if not article.user_can_edit:
        context["refusal"] = services.ARTICLE_EDIT_NOT_ALLOWED_MESSAGE
        return render(request, "content/article_form.html", context, status=403)
    initial = article_initial(article)
    if request.method != "POST":
        context["form"] = _form(request, initial=initial, may_set_permissions=owner_or_admin)
        return render(request, "content/article_form.html", context)
    form = _form(request, data=request.POST, initial=initial, may_set_permissions=owner_or_admin)
    preview = _preview(request, form)
    if form.is_valid() and preview is None:
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
            messages.success(request, ARTICLE_SAVED_MESSAGE)
            return redirect(article_path(team.slug, article.pk))
    context.update(form=form, preview=preview)
    return render(request, "content/article_form.html", context, status=_status(form, preview))


@require_http_methods(["GET", "HEAD", "POST"])
@team_page
def article_delete(request, article_id: int):
    """Ask, then delete an article (its owner or a team admin); anyone else is told why."""
    team = request.team
    article = selectors.article_get_for_write(team=team, article_id=article_id)
    may_delete = article.owner_id == request.user.pk or is_team_admin(request)
    context = {"section": "articles", "article": article}
    if not may_delete:
        context["refusal"] = services.ARTICLE_DELETE_NOT_ALLOWED_MESSAGE
        return render(request, "content/article_delete.html", context, status=403)
    if request.method != "POST":
        return render(request, "content/article_delete.html", context)
    services.article_delete(article=article, user=request.user)
    messages.success(request, ARTICLE_DELETED_MESSAGE.format(title=article.title))
    return redirect(articles_path(team.slug))


@require_POST
@team_page
def article_upvote(request, article_id: int):
    """Upvote an article (`undo` withdraws the upvote); one's own article is refused with
    the service's reason."""
    team = request.team
    article = selectors.article_get_for_write(team=team, article_id=article_id)
    try:
        if request.POST.get("undo"):
            services.article_upvote_withdraw(article=article, user=request.user)
            messages.success(request, UPVOTE_WITHDRAWN_MESSAGE)
        else:
            services.article_upvote(article=article, user=request.user)
            messages.success(request, UPVOTED_MESSAGE)
    except PermissionDenied as refusal:
        messages.error(request, str(refusal))
    return redirect(article_path(team.slug, article.pk))


@require_POST
@team_page
def article_comment(request, article_id: int):
    """Comment on an article; an invalid comment shows the article again with the error
    under the comment box."""
    team = request.team
    article = selectors.article_get_for_write(team=team, article_id=article_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = services.comment_create(
                article=article, user=request.user, body=form.cleaned_data["body"]
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("body", message)
        else:
            messages.success(request, COMMENT_POSTED_MESSAGE)
            return redirect(
                comment_path(
                    team.slug,
                    question_id=None,
                    article_id=article.pk,
                    comment_id=comment.pk,
                    post_id=article.pk,
                )
            )
    return _article_page(request, article.pk, comment_form=form, status=400)

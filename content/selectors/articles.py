"""Reads of articles, their comments and the questions linked with them. Every read
starts from the team.

Query budgets (tested): a list is its count, one query for the page's rows (owner and
last editor with their reputation and role in the team annotated) and one prefetch of the
tags, whatever the page size. A detail is one query for the row (with the caller's upvote
and the facts of the edit rule as `EXISTS`), one for its tags, and, only when the article
names specific editors, one for the editor users and one for the editor groups with their
members (a left join, so a group without members still shows).
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from teams.models import Membership, Team

from ..models import Article, ArticleLink, ArticleVote, Comment, Tag, UserGroup
from ..services.articles import article_editable
from .common import check_id, member_annotations, ordered
from .links import linked_order
from .pagination import Page, paginate
from .questions import question_decorate

ARTICLE_SORTS = {"activity": "last_activity_at", "creation": "created_at", "score": "score"}


def article_decorate(queryset: QuerySet, *, team: Team) -> QuerySet:
    """What the summary shape needs: owner and last editor as team members, the tags."""
    return (
        queryset.select_related("owner", "last_editor")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        .annotate(
            **member_annotations(team=team, prefix="owner", user_field="owner_id"),
            **member_annotations(team=team, prefix="editor", user_field="last_editor_id"),
        )
    )


def article_list(
    *,
    team: Team,
    page: int,
    page_size: int,
    sort: str = "activity",
    order: str = "desc",
    tag_ids: list[int] | None = None,
    author_id: int | None = None,
    from_date: datetime | None = None,
    to_date: datetime | None = None,
    article_ids: list[int] | None = None,
    tagged: list[str] | None = None,
    min: object = None,
    max: object = None,
    types: list[str] | None = None,
) -> Page:
    """A page of the team's articles, filtered and sorted as the v3 list asks (pages cut
    on the `(team, <sort>, id)` indexes, see `pagination.paginate`). API v2.3 adds: only
    `article_ids`, only articles carrying every tag named in `tagged`, and the sort value
    between `min` and `max`; the web pages: only articles of these `types`."""
    articles = team.articles.all()
    if types:
        articles = articles.filter(type__in=types)
    if article_ids is not None:
        articles = articles.filter(pk__in=article_ids)
    for name in tagged or ():
        carries = Article.tags.through.objects.filter(
            article_id=OuterRef("pk"), tag__name=name.lower()
        )
        articles = articles.filter(Exists(carries))
    field = ARTICLE_SORTS[sort]
    if min is not None:
        articles = articles.filter(**{f"{field}__gte": min})
    if max is not None:
        articles = articles.filter(**{f"{field}__lte": max})
    if tag_ids:
        tagged = Article.tags.through.objects.filter(article_id=OuterRef("pk"), tag_id__in=tag_ids)
        articles = articles.filter(Exists(tagged))
    if author_id is not None:
        articles = articles.filter(owner_id=author_id)
    if from_date is not None:
        articles = articles.filter(created_at__gte=from_date)
    if to_date is not None:
        articles = articles.filter(created_at__lte=to_date)
    return paginate(
        ordered(articles, field, order),
        page=page,
        page_size=page_size,
        total_count=articles.count(),
        decorate=lambda rows: article_decorate(rows, team=team),
    )


def article_get(*, team: Team, user, article_id: int) -> Article:
    """An article of the team in its full v3 shape (404 if unknown or of another team):
    with `user_has_upvoted`, `user_can_edit`, and `editor_members` (the editor users as
    `(user, reputation, role)` rows) and `editor_group_rows` when it names editors."""
    check_id(article_id)
    viewer_id = getattr(user, "pk", None)
    named = Article.editor_users.through.objects.filter(
        article_id=OuterRef("pk"), user_id=viewer_id
    )
    in_group = Article.editor_groups.through.objects.filter(
        article_id=OuterRef("pk"), usergroup__members=viewer_id
    )
    rows = article_decorate(team.articles.filter(pk=article_id), team=team).annotate(
        user_has_upvoted=Exists(
            ArticleVote.objects.filter(article_id=OuterRef("pk"), user_id=viewer_id)
        ),
        viewer_is_admin=Exists(
            Membership.objects.filter(
                team_id=team.pk, user_id=viewer_id, role=Membership.Role.ADMIN
            )
        ),
        viewer_is_editor=Exists(named) | Exists(in_group),
    )
    article = rows.first()
    if article is None:
        raise Http404
    article.user_can_edit = article_editable(
        editable_by=article.editable_by,
        owner_id=article.owner_id,
        user_id=viewer_id,
        is_admin=article.viewer_is_admin,
        is_editor=article.viewer_is_editor,
    )
    article.editor_members, article.editor_group_rows = [], []
    if article.editable_by == Article.EditableBy.SPECIFIC_EDITORS:
        article.editor_members = _editor_users(team=team, article=article)
        article.editor_group_rows = _editor_groups(team=team, article=article)
    return article


def _editor_users(*, team: Team, article: Article) -> list:
    users = (
        get_user_model()
        .objects.filter(editable_articles=article)
        .annotate(**member_annotations(team=team, prefix="member", user_field="pk"))
        .order_by("pk")
    )
    return list(users)


def _editor_groups(*, team: Team, article: Article) -> list[dict]:
    """The editor groups with their members, in one query: each group's row joined to its
    members (left join: a group without members is one row with no member)."""
    members = Membership.objects.filter(team_id=team.pk, user_id=OuterRef("members__pk"))
    rows = (
        UserGroup.objects.filter(editable_articles=article)
        .annotate(
            member_reputation=Subquery(members.values("reputation")[:1]),
            member_role=Subquery(members.values("role")[:1]),
        )
        .values(
            "pk",
            "name",
            "description",
            "members__pk",
            "members__username",
            "members__first_name",
            "members__last_name",
            "members__display_name",
            "member_reputation",
            "member_role",
        )
        .order_by("name", "pk", "members__pk")
    )
    return list(rows)


def article_get_for_write(*, team: Team, article_id: int) -> Article:
    """An article of the team, bare, to hand to a service (404 if not found)."""
    check_id(article_id)
    return get_object_or_404(team.articles.select_related("team"), pk=article_id)


def article_linked_questions(
    *,
    article: Article,
    user,
    page: int,
    page_size: int,
    sort: str = "hot",
    order: str = "desc",
) -> Page:
    """A page of the questions of the team linked with the article, either way (its body
    links to them, or theirs to it)."""
    team = article.team
    links = ArticleLink.objects.filter(article_id=article.pk, question_id=OuterRef("pk"))
    questions = team.questions.filter(Exists(links))
    return paginate(
        linked_order(questions, sort=sort, order=order),
        page=page,
        page_size=page_size,
        total_count=questions.count(),
        decorate=lambda rows: question_decorate(rows, team=team, user=user),
    )


def article_linked_question_list(*, team: Team, article: Article, limit: int) -> list:
    """Up to `limit` questions of the team linked with the article either way, best first
    (score, then newest), with only what a link shows (title, score, answer count): one
    query, for the article's page."""
    links = ArticleLink.objects.filter(article_id=article.pk, question_id=OuterRef("pk"))
    questions = (
        team.questions.filter(Exists(links))
        .order_by("-score", "-created_at", "-id")
        .only("id", "team_id", "title", "score", "answer_count", "accepted_answer_id")
    )
    return list(questions[:limit])


def article_comment_list(*, article: Article) -> QuerySet[Comment]:
    """The comments on an article, oldest first."""
    return (
        Comment.objects.filter(article=article).select_related("owner").order_by("created_at", "id")
    )

"""Writes of articles: create, edit, delete, upvotes, and their links to questions.

Who may do what (refusals raise Django's `PermissionDenied` with a message below):
- anyone in the team reads, writes and comments on articles, and upvotes other people's;
- an article is edited by its owner, a team admin, and, as its `editable_by` says, by
  everyone in the team (`everyone`), by the named editor users and the members of the
  named editor groups (`specificEditors`), or by nobody else (`ownerOnly`);
- only the owner or a team admin changes who may edit it (its permissions) or deletes it.

Counters follow with `F()` updates in the same transaction: the article's score, its
owner's reputation in the team (an upvote is worth what an answer upvote is), and the
`post_count` of its tags.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from teams.models import Membership, Team

from ..links import article_ids_in, question_ids_in
from ..markdown import render_markdown
from ..models import Article, ArticleLink, ArticleVote, Question, ReputationChange, Tag, UserGroup
from .common import is_team_admin, reputation_add
from .questions import REPUTATION_FOR_UPVOTE
from .tags import tags_for
from .texts import article_texts_check

ARTICLE_EDIT_NOT_ALLOWED_MESSAGE = "You are not allowed to edit this article."
ARTICLE_PERMISSIONS_NOT_ALLOWED_MESSAGE = (
    "Only the author of this article or a team admin may change who can edit it."
)
ARTICLE_DELETE_NOT_ALLOWED_MESSAGE = (
    "Only the author of this article or a team admin may delete it."
)
ARTICLE_SELF_UPVOTE_MESSAGE = "You cannot upvote your own article."
EDITOR_NOT_MEMBER_MESSAGE = "Editor users must be members of the team: {ids}."
EDITOR_GROUP_UNKNOWN_MESSAGE = "Editor user groups must be user groups of the team: {ids}."
EDITORS_WITHOUT_SPECIFIC_MESSAGE = 'Editors can only be given when editableBy is "specificEditors".'

# An article upvote is worth what an answer upvote is on Stack Internal.
REPUTATION_FOR_ARTICLE_UPVOTE = REPUTATION_FOR_UPVOTE["answer"]


def article_editable(
    *, editable_by: str, owner_id: int | None, user_id: int, is_admin: bool, is_editor: bool
) -> bool:
    """The edit rule, on facts the caller has gathered (`is_editor`: named as an editor
    user, or a member of a named editor group)."""
    if (owner_id is not None and owner_id == user_id) or is_admin:
        return True
    if editable_by == Article.EditableBy.EVERYONE:
        return True
    return editable_by == Article.EditableBy.SPECIFIC_EDITORS and is_editor


def article_may_edit(*, article: Article, user) -> bool:
    """Whether `user` may edit `article` (queries the facts `article_editable` needs)."""
    is_editor = False
    if article.editable_by == Article.EditableBy.SPECIFIC_EDITORS:
        is_editor = (
            article.editor_users.filter(pk=user.pk).exists()
            or article.editor_groups.filter(members=user).exists()
        )
    return article_editable(
        editable_by=article.editable_by,
        owner_id=article.owner_id,
        user_id=user.pk,
        is_admin=is_team_admin(team=article.team, user=user),
        is_editor=is_editor,
    )


# --- Articles ----------------------------------------------------------------------------


@transaction.atomic
def article_create(
    *,
    team: Team,
    user,
    title: str,
    body: str,
    tags: list[str],
    type: str,
    editable_by: str = Article.EditableBy.OWNER_ONLY,
    editor_user_ids: list[int] = (),
    editor_group_ids: list[int] = (),
) -> Article:
    """Write an article in `team`; its tags are created in the team when new. Editors
    must be members (users) and user groups of the team, else a `ValidationError`."""
    article_texts_check(title=title, body=body)
    editors, groups = _editors(
        team=team,
        editable_by=editable_by,
        user_ids=editor_user_ids,
        group_ids=editor_group_ids,
    )
    tag_objects = tags_for(team=team, names=tags)
    now = timezone.now()
    article = Article.objects.create(
        team=team,
        type=type,
        title=title,
        body_markdown=body,
        body_html=render_markdown(body),
        owner=user,
        editable_by=editable_by,
        created_at=now,
        last_activity_at=now,
    )
    article.tags.set(tag_objects)
    article.editor_users.set(editors)
    article.editor_groups.set(groups)
    Tag.objects.filter(pk__in=[t.pk for t in tag_objects]).update(post_count=F("post_count") + 1)
    _article_links_update(article=article)
    _article_search_update(article_id=article.pk)
    return article


@transaction.atomic
def article_update(
    *,
    article: Article,
    user,
    title: str,
    body: str,
    tags: list[str],
    type: str,
    editable_by: str,
    editor_user_ids: list[int] = (),
    editor_group_ids: list[int] = (),
) -> Article:
    """Edit an article: everything is replaced (the v3 `PUT`). Its editors (see the module)
    may change the content; only its owner or a team admin may change its permissions."""
    team = article.team
    if not article_may_edit(article=article, user=user):
        raise PermissionDenied(ARTICLE_EDIT_NOT_ALLOWED_MESSAGE)
    article_texts_check(title=title, body=body)
    editors, groups = _editors(
        team=team, editable_by=editable_by, user_ids=editor_user_ids, group_ids=editor_group_ids
    )
    old_permissions = (
        article.editable_by,
        set(article.editor_users.values_list("pk", flat=True)),
        set(article.editor_groups.values_list("pk", flat=True)),
    )
    new_permissions = (editable_by, {u.pk for u in editors}, {g.pk for g in groups})
    if new_permissions != old_permissions and not (
        article.owner_id == user.pk or is_team_admin(team=team, user=user)
    ):
        raise PermissionDenied(ARTICLE_PERMISSIONS_NOT_ALLOWED_MESSAGE)

    tag_objects = tags_for(team=team, names=tags)
    old_ids = set(article.tags.values_list("pk", flat=True))
    new_ids = {t.pk for t in tag_objects}
    now = timezone.now()
    article.title = title
    article.type = type
    article.body_markdown = body
    article.body_html = render_markdown(body)
    article.editable_by = editable_by
    article.last_editor = user
    article.last_edited_at = now
    article.last_activity_at = now
    article.save(
        update_fields=[
            "title",
            "type",
            "body_markdown",
            "body_html",
            "editable_by",
            "last_editor",
            "last_edited_at",
            "last_activity_at",
        ]
    )
    article.tags.set(tag_objects)
    article.editor_users.set(editors)
    article.editor_groups.set(groups)
    Tag.objects.filter(pk__in=new_ids - old_ids).update(post_count=F("post_count") + 1)
    Tag.objects.filter(pk__in=old_ids - new_ids).update(post_count=F("post_count") - 1)
    _article_links_update(article=article)
    _article_search_update(article_id=article.pk)
    return article


@transaction.atomic
def article_delete(*, article: Article, user, as_staff: bool = False) -> None:
    """Delete an article with its comments, upvotes and links (owner or team admin; site
    staff moderating in the admin pass `as_staff=True`). The reputation its upvotes earned
    is taken back and its tags' post counts follow."""
    team = article.team
    if not as_staff and not (article.owner_id == user.pk or is_team_admin(team=team, user=user)):
        raise PermissionDenied(ARTICLE_DELETE_NOT_ALLOWED_MESSAGE)
    upvotes = ArticleVote.objects.filter(article=article).count()
    reputation_add(
        team=team,
        user_id=article.owner_id,
        delta=-REPUTATION_FOR_ARTICLE_UPVOTE * upvotes,
        reason=ReputationChange.Reason.POST_DELETED,
        post_id=article.pk,
    )
    Tag.objects.filter(articles=article).update(post_count=F("post_count") - 1)
    article.delete()


# --- Upvotes -----------------------------------------------------------------------------


def article_upvote(*, article: Article, user) -> None:
    """Upvote an article (not one's own); upvoting twice changes nothing."""
    if article.owner_id is not None and article.owner_id == user.pk:
        raise PermissionDenied(ARTICLE_SELF_UPVOTE_MESSAGE)
    with transaction.atomic():
        try:
            with transaction.atomic():
                _, created = ArticleVote.objects.get_or_create(article=article, user=user)
        except IntegrityError:
            return  # the same upvote, cast at the same moment by a concurrent request
        if created:
            _upvote_apply(article=article, delta=1)


def article_upvote_withdraw(*, article: Article, user) -> None:
    """Take back an upvote; no-op if there is none."""
    with transaction.atomic():
        deleted, _ = ArticleVote.objects.filter(article=article, user=user).delete()
        if deleted:
            _upvote_apply(article=article, delta=-1)


def _upvote_apply(*, article: Article, delta: int) -> None:
    Article.objects.filter(pk=article.pk).update(score=F("score") + delta)
    reputation_add(
        team=article.team,
        user_id=article.owner_id,
        delta=REPUTATION_FOR_ARTICLE_UPVOTE * delta,
        reason=ReputationChange.Reason.POST_UPVOTED
        if delta > 0
        else ReputationChange.Reason.POST_UNUPVOTED,
        post_id=article.pk,
    )


# --- Links and search --------------------------------------------------------------------


def article_links_from_question(*, question: Question) -> None:
    """Rebuild the links from a question's body to articles of its team (called by the
    question services when a question's body is saved)."""
    ids = article_ids_in(question.body_markdown)
    ArticleLink.objects.filter(
        question=question, direction=ArticleLink.Direction.TO_ARTICLE
    ).delete()
    if not ids:
        return
    article_ids = Article.objects.filter(team_id=question.team_id, pk__in=ids).values_list(
        "pk", flat=True
    )
    ArticleLink.objects.bulk_create(
        ArticleLink(
            article_id=article_id, question=question, direction=ArticleLink.Direction.TO_ARTICLE
        )
        for article_id in article_ids
    )


def _article_links_update(*, article: Article) -> None:
    """Rebuild the links from an article's body to questions of its team."""
    ids = question_ids_in(article.body_markdown)
    ArticleLink.objects.filter(
        article=article, direction=ArticleLink.Direction.TO_QUESTION
    ).delete()
    if not ids:
        return
    question_ids = Question.objects.filter(team_id=article.team_id, pk__in=ids).values_list(
        "pk", flat=True
    )
    ArticleLink.objects.bulk_create(
        ArticleLink(
            article=article, question_id=question_id, direction=ArticleLink.Direction.TO_QUESTION
        )
        for question_id in question_ids
    )


def article_search_rebuild(*, team: Team, missing_only: bool = True) -> int:
    """Build the stored search documents of a team's articles (PostgreSQL only); by default
    only those loaded without the services. Returns the number of rows updated."""
    if connection.vendor != "postgresql":
        return 0
    articles = Article.objects.filter(team=team)
    if missing_only:
        articles = articles.filter(search_vector__isnull=True)
    return articles.update(search_vector=_search_document())


def _article_search_update(*, article_id: int) -> None:
    if connection.vendor != "postgresql":
        return
    Article.objects.filter(pk=article_id).update(search_vector=_search_document())


def _search_document():
    from django.contrib.postgres.search import SearchVector

    return SearchVector("title", weight="A", config="english") + SearchVector(
        "body_markdown", weight="B", config="english"
    )


# --- Helpers -----------------------------------------------------------------------------


def _editors(*, team: Team, editable_by: str, user_ids, group_ids) -> tuple[list, list]:
    """The team's users and user groups of these ids; a `ValidationError` naming the field
    for any id that is not a member or not one of the team's groups."""
    user_ids, group_ids = set(user_ids or ()), set(group_ids or ())
    if editable_by != Article.EditableBy.SPECIFIC_EDITORS:
        if user_ids or group_ids:
            raise ValidationError({"permissions": [EDITORS_WITHOUT_SPECIFIC_MESSAGE]})
        return [], []
    members = list(
        Membership.objects.filter(team=team, user_id__in=user_ids).select_related("user")
    )
    missing = user_ids - {m.user_id for m in members}
    if missing:
        ids = ", ".join(str(i) for i in sorted(missing))
        raise ValidationError({"editorUserIds": [EDITOR_NOT_MEMBER_MESSAGE.format(ids=ids)]})
    groups = list(UserGroup.objects.filter(team=team, pk__in=group_ids))
    missing = group_ids - {g.pk for g in groups}
    if missing:
        ids = ", ".join(str(i) for i in sorted(missing))
        raise ValidationError(
            {"editorUserGroupIds": [EDITOR_GROUP_UNKNOWN_MESSAGE.format(ids=ids)]}
        )
    return [m.user for m in members], groups

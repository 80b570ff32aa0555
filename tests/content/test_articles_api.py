"""API v3 articles: list and create, detail, edit and delete under each `editableBy`,
upvotes, comments, linked questions, tags' post counts."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from content import services
from content.models import Article, ArticleVote, Comment, Tag
from teams.models import Membership
from tests.factories import (
    ArticleFactory,
    MembershipFactory,
    QuestionFactory,
    TeamFactory,
    UserFactory,
    UserGroupFactory,
)

pytestmark = pytest.mark.django_db

SUMMARY_FIELDS = {
    "id", "type", "title", "body", "tags", "owner", "lastEditor", "creationDate",
    "lastActivityDate", "score", "viewCount", "webUrl", "shareUrl", "isDeleted",
    "isObsolete", "isClosed",
}  # fmt: skip
DETAIL_FIELDS = SUMMARY_FIELDS | {
    "communities", "bodyMarkdown", "userIsFollowing", "userHasUpvoted", "userHasDownvoted",
    "userCanEdit", "permissions",
}  # fmt: skip


def url(name, team=None, **kwargs):
    if team is not None:
        kwargs["team"] = team.slug
    return reverse(f"api:{name}", kwargs=kwargs)


def payload(**overrides):
    data = {
        "title": "Python style guide",
        "body": "We follow **PEP 8**, with a line length of 100.",
        "tags": ["python", "style"],
        "type": "policy",
        "permissions": {"editableBy": "ownerOnly"},
    }
    return {**data, **overrides}


@pytest.fixture
def writer(pat_client, team):
    client, token = pat_client(team=team, can_write=True)
    return client, token.user


def client_for(pat_client, team, user=None, role=Membership.Role.MEMBER):
    if user is None:
        user = MembershipFactory(team=team, role=role).user
    client, _ = pat_client(team=team, user=user, can_write=True)
    return client, user


# --- Create, list, detail ----------------------------------------------------------------


@pytest.mark.parametrize("with_team", [True, False])
def test_create_then_read_in_both_path_forms(writer, team, with_team):
    client, user = writer
    scope = team if with_team else None
    response = client.post(url("articles", scope), payload(), format="json")
    assert response.status_code == HTTPStatus.CREATED, response.content
    body = response.json()
    assert set(body) == DETAIL_FIELDS - {"lastEditor"}  # never edited: left out, not null
    assert body["type"] == "policy"
    assert body["body"] == "<p>We follow <strong>PEP 8</strong>, with a line length of 100.</p>\n"
    assert body["bodyMarkdown"] == payload()["body"]
    assert [t["name"] for t in body["tags"]] == ["python", "style"]
    assert body["owner"]["id"] == user.pk
    assert body["userCanEdit"] is True
    assert body["userHasUpvoted"] is False
    assert body["permissions"] == {
        "editableBy": "ownerOnly",
        "editorUsers": [],
        "editorUserGroups": [],
    }
    assert body["webUrl"] == f"http://testserver/teams/{team.slug}/articles/{body['id']}/"
    assert body["shareUrl"] == body["webUrl"]

    detail = client.get(url("article-detail", scope, articleId=body["id"]))
    assert detail.status_code == HTTPStatus.OK
    assert detail.json() == body
    listing = client.get(url("articles", scope)).json()
    assert listing["totalCount"] == 1
    assert set(listing["items"][0]) == SUMMARY_FIELDS - {"lastEditor"}
    assert listing["sort"] == "activity" and listing["order"] == "desc"


def test_new_tags_are_created_and_counted(writer, team):
    client, _ = writer
    Tag.objects.create(team=team, name="python", post_count=3)
    client.post(url("articles", team), payload(tags=["Python", "newtag"]), format="json")
    counts = dict(Tag.objects.filter(team=team).values_list("name", "post_count"))
    assert counts == {"python": 4, "newtag": 1}


def test_tag_post_count_follows_edits_and_deletion(writer, team):
    client, _ = writer
    article_id = client.post(url("articles", team), payload(tags=["a1", "b1"]), format="json")
    article_id = article_id.json()["id"]
    response = client.put(
        url("article-detail", team, articleId=article_id), payload(tags=["b1", "c1"]), format="json"
    )
    assert response.status_code == HTTPStatus.OK, response.content
    counts = dict(Tag.objects.filter(team=team).values_list("name", "post_count"))
    assert counts == {"a1": 0, "b1": 1, "c1": 1}
    tag = Tag.objects.get(team=team, name="b1")
    assert client.get(url("tag-detail", team, tagId=tag.pk)).json()["postCount"] == 1
    assert client.delete(url("article-detail", team, articleId=article_id)).status_code == 204
    assert not Tag.objects.filter(team=team, post_count__gt=0).exists()


def test_list_filters_and_sorts(writer, team):
    client, user = writer
    other = MembershipFactory(team=team).user
    now = timezone.now()
    old = ArticleFactory(
        team=team, owner=user, tags=["alpha"], score=5, created_at=now - timedelta(days=400)
    )
    mid = ArticleFactory(team=team, owner=other, tags=["beta"], score=9)
    new = ArticleFactory(team=team, owner=user, tags=["alpha", "beta"], score=1)
    ArticleFactory(team=TeamFactory(), tags=["alpha"])  # another team's

    def ids(**params):
        response = client.get(url("articles", team), params)
        assert response.status_code == HTTPStatus.OK, response.content
        return [item["id"] for item in response.json()["items"]]

    assert ids(sort="score") == [mid.pk, old.pk, new.pk]
    assert ids(sort="score", order="asc") == [new.pk, old.pk, mid.pk]
    assert ids(sort="creation", order="asc") == [old.pk, mid.pk, new.pk]
    alpha = Tag.objects.get(team=team, name="alpha")
    assert ids(tagId=alpha.pk, sort="creation") == [new.pk, old.pk]
    assert ids(authorId=other.pk) == [mid.pk]
    assert set(ids(**{"from": str(now.year)})) == {mid.pk, new.pk}
    assert ids(to=str(now.year - 2)) == []
    assert ids(pageSize=1, page=2, sort="score") == [old.pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"sort": "hot"}, "sort"),
        ({"order": "up"}, "order"),
        ({"tagId": "x"}, "tagId"),
        ({"authorId": "0"}, "authorId"),
        ({"from": "yesterday"}, "from"),
        ({"pageSize": "101"}, "pageSize"),
    ],
)
def test_bad_list_parameters_are_400(writer, team, params, field):
    client, _ = writer
    response = client.get(url("articles", team), params)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert field in response.json()["errors"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"body": ""}, "body"),
        ({"tags": []}, "tags"),
        ({"tags": ["a", "b", "c", "d", "e", "f"]}, "tags"),
        ({"tags": ["bad tag!"]}, "tags"),
        ({"type": "essay"}, "type"),
        ({"permissions": {"editableBy": "nobody"}}, "permissions"),
        ({"permissions": {"editableBy": "everyone", "editorUserIds": [1]}}, "permissions"),
    ],
)
def test_bad_article_bodies_are_400(writer, team, overrides, field):
    client, _ = writer
    data = payload(**overrides)
    response = client.post(url("articles", team), data, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST, response.content
    assert field in response.json()["errors"]
    assert not Article.objects.exists()


def test_missing_fields_are_400(writer, team):
    client, _ = writer
    response = client.post(url("articles", team), {"title": "t"}, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert {"body", "tags", "type", "permissions"} <= set(response.json()["errors"])


def test_editors_must_be_members_and_groups_of_the_team(writer, team):
    client, _ = writer
    outsider = UserFactory()
    foreign_group = UserGroupFactory(team=TeamFactory())
    specific = {"editableBy": "specificEditors"}
    response = client.post(
        url("articles", team),
        payload(permissions={**specific, "editorUserIds": [outsider.pk]}),
        format="json",
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["errors"]["editorUserIds"] == [
        services.EDITOR_NOT_MEMBER_MESSAGE.format(ids=outsider.pk)
    ]
    response = client.post(
        url("articles", team),
        payload(permissions={**specific, "editorUserGroupIds": [foreign_group.pk]}),
        format="json",
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["errors"]["editorUserGroupIds"] == [
        services.EDITOR_GROUP_UNKNOWN_MESSAGE.format(ids=foreign_group.pk)
    ]
    assert not Article.objects.exists()


def test_permissions_show_editor_users_and_groups(writer, team):
    client, _ = writer
    editor = MembershipFactory(team=team, reputation=42).user
    member = MembershipFactory(team=team).user
    group = UserGroupFactory(team=team, name="Docs", description="Writers", members=[member])
    empty = UserGroupFactory(team=team, name="Empty", description="")
    permissions = {
        "editableBy": "specificEditors",
        "editorUserIds": [editor.pk],
        "editorUserGroupIds": [group.pk, empty.pk],
    }
    response = client.post(url("articles", team), payload(permissions=permissions), format="json")
    assert response.status_code == HTTPStatus.CREATED, response.content
    shown = response.json()["permissions"]
    assert shown["editableBy"] == "specificEditors"
    assert [(u["id"], u["reputation"]) for u in shown["editorUsers"]] == [(editor.pk, 42)]
    assert [(g["id"], g["name"], g["description"]) for g in shown["editorUserGroups"]] == [
        (group.pk, "Docs", "Writers"),
        (empty.pk, "Empty", ""),
    ]
    assert [u["id"] for u in shown["editorUserGroups"][0]["users"]] == [member.pk]
    assert shown["editorUserGroups"][1]["users"] == []


def test_unknown_and_foreign_articles_are_404(writer, team):
    client, _ = writer
    foreign = ArticleFactory(team=TeamFactory())
    for article_id in (foreign.pk, 999999, 2**63):
        for name in ("article-detail", "article-comments", "article-linked-questions"):
            assert client.get(url(name, team, articleId=article_id)).status_code == 404
        assert client.post(url("article-upvote", team, articleId=article_id)).status_code == 404


# --- Who may edit and delete -------------------------------------------------------------


@pytest.mark.parametrize(
    ("editable_by", "who", "may_edit"),
    [
        ("ownerOnly", "owner", True),
        ("ownerOnly", "admin", True),
        ("ownerOnly", "editor", False),
        ("ownerOnly", "group_member", False),
        ("ownerOnly", "member", False),
        ("specificEditors", "owner", True),
        ("specificEditors", "admin", True),
        ("specificEditors", "editor", True),
        ("specificEditors", "group_member", True),
        ("specificEditors", "member", False),
        ("everyone", "owner", True),
        ("everyone", "admin", True),
        ("everyone", "member", True),
    ],
)
def test_who_may_edit(pat_client, team, editable_by, who, may_edit):
    owner = MembershipFactory(team=team).user
    people = {
        "owner": owner,
        "admin": MembershipFactory(team=team, role=Membership.Role.ADMIN).user,
        "editor": MembershipFactory(team=team).user,
        "group_member": MembershipFactory(team=team).user,
        "member": MembershipFactory(team=team).user,
    }
    group = UserGroupFactory(team=team, members=[people["group_member"]])
    specific = editable_by == "specificEditors"
    article = ArticleFactory(
        team=team,
        owner=owner,
        editable_by=editable_by,
        editor_user_ids=[people["editor"].pk] if specific else [],
        editor_group_ids=[group.pk] if specific else [],
    )
    client, _ = client_for(pat_client, team, user=people[who])
    detail = url("article-detail", team, articleId=article.pk)
    assert client.get(detail).json()["userCanEdit"] is may_edit
    permissions = {
        "editableBy": editable_by,
        "editorUserIds": [people["editor"].pk] if specific else [],
        "editorUserGroupIds": [group.pk] if specific else [],
    }
    response = client.put(detail, payload(title="Edited", permissions=permissions), format="json")
    if may_edit:
        assert response.status_code == HTTPStatus.OK, response.content
        assert response.json()["title"] == "Edited"
        assert response.json()["lastEditor"]["id"] == people[who].pk
    else:
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert response.json()["detail"] == services.ARTICLE_EDIT_NOT_ALLOWED_MESSAGE
        article.refresh_from_db()
        assert article.title != "Edited"


def test_only_owner_or_admin_change_permissions(pat_client, team):
    owner = MembershipFactory(team=team).user
    article = ArticleFactory(team=team, owner=owner, editable_by="everyone")
    client, _ = client_for(pat_client, team)
    response = client.put(
        url("article-detail", team, articleId=article.pk),
        payload(permissions={"editableBy": "ownerOnly"}),
        format="json",
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json()["detail"] == services.ARTICLE_PERMISSIONS_NOT_ALLOWED_MESSAGE
    article.refresh_from_db()
    assert article.editable_by == "everyone"
    admin_client, _ = client_for(pat_client, team, role=Membership.Role.ADMIN)
    response = admin_client.put(
        url("article-detail", team, articleId=article.pk),
        payload(permissions={"editableBy": "ownerOnly"}),
        format="json",
    )
    assert response.status_code == HTTPStatus.OK
    assert response.json()["permissions"]["editableBy"] == "ownerOnly"


@pytest.mark.parametrize(
    ("who", "status"),
    [("owner", 204), ("admin", 204), ("editor", 403), ("member", 403)],
)
def test_who_may_delete(pat_client, team, who, status):
    owner = MembershipFactory(team=team).user
    editor = MembershipFactory(team=team).user
    article = ArticleFactory(
        team=team, owner=owner, editable_by="specificEditors", editor_user_ids=[editor.pk]
    )
    user = {"owner": owner, "editor": editor}.get(who)
    role = Membership.Role.ADMIN if who == "admin" else Membership.Role.MEMBER
    client, _ = client_for(pat_client, team, user=user, role=role)
    response = client.delete(url("article-detail", team, articleId=article.pk))
    assert response.status_code == status
    assert Article.objects.filter(pk=article.pk).exists() is (status == 403)
    if status == 403:
        assert response.json()["detail"] == services.ARTICLE_DELETE_NOT_ALLOWED_MESSAGE


def test_read_only_token_cannot_write(pat_client, team):
    article = ArticleFactory(team=team)
    client, _ = pat_client(team=team, can_write=False)
    assert client.get(url("articles", team)).status_code == HTTPStatus.OK
    detail = url("article-detail", team, articleId=article.pk)
    attempts = [
        client.post(url("articles", team), payload(), format="json"),
        client.put(detail, payload(), format="json"),
        client.delete(detail),
        client.post(url("article-upvote", team, articleId=article.pk)),
        client.delete(url("article-upvote", team, articleId=article.pk)),
        client.post(
            url("article-comments", team, articleId=article.pk), {"body": "hi"}, format="json"
        ),
    ]
    assert [r.status_code for r in attempts] == [HTTPStatus.FORBIDDEN] * len(attempts)
    assert Article.objects.count() == 1 and not Comment.objects.exists()


# --- Upvotes -----------------------------------------------------------------------------


def test_upvote_is_idempotent_and_moves_score_and_reputation(writer, team):
    client, _ = writer
    owner = MembershipFactory(team=team).user
    article = ArticleFactory(team=team, owner=owner)
    upvote = url("article-upvote", team, articleId=article.pk)

    def reputation():
        return Membership.objects.get(team=team, user=owner).reputation

    start = reputation()
    for _ in range(2):
        response = client.post(upvote)
        assert response.status_code == HTTPStatus.OK
        body = response.json()
        assert set(body) == DETAIL_FIELDS - {"lastEditor"}
        assert body["score"] == 1 and body["userHasUpvoted"] is True
    assert reputation() == start + services.REPUTATION_FOR_ARTICLE_UPVOTE == start + 10
    for _ in range(2):
        body = client.delete(upvote).json()
        assert body["score"] == 0 and body["userHasUpvoted"] is False
    assert reputation() == start
    assert not ArticleVote.objects.exists()


def test_self_upvote_is_refused(writer, team):
    client, user = writer
    article = ArticleFactory(team=team, owner=user)
    response = client.post(url("article-upvote", team, articleId=article.pk))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json()["detail"] == services.ARTICLE_SELF_UPVOTE_MESSAGE
    article.refresh_from_db()
    assert article.score == 0


def test_deleting_an_article_takes_back_its_reputation(pat_client, team):
    owner = MembershipFactory(team=team).user
    article = ArticleFactory(team=team, owner=owner)
    for _ in range(2):
        services.article_upvote(article=article, user=MembershipFactory(team=team).user)
    assert Membership.objects.get(team=team, user=owner).reputation == 1 + 20
    services.article_delete(article=article, user=owner)
    assert Membership.objects.get(team=team, user=owner).reputation == 1


# --- Comments ----------------------------------------------------------------------------


def test_comments_on_articles(writer, team):
    client, user = writer
    article = ArticleFactory(team=team)
    comments = url("article-comments", team, articleId=article.pk)
    assert client.get(comments).json() == []
    response = client.post(comments, {"body": "Great *guide*"}, format="json")
    assert response.status_code == HTTPStatus.CREATED, response.content
    created = response.json()
    assert created["ownerUserId"] == user.pk and created["body"] == "<p>Great <em>guide</em></p>\n"
    listed = client.get(url("article-comments", articleId=article.pk)).json()  # team-less
    assert listed == [created]
    assert client.post(comments, {"body": ""}, format="json").status_code == 400
    assert Comment.objects.get().question_id is None


def test_comment_must_hang_off_one_post():
    from django.db import IntegrityError, transaction

    article = ArticleFactory()
    question = QuestionFactory(team=article.team)
    for fields in ({}, {"question": question, "article": article}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Comment.objects.create(
                body_markdown="x", body_html="x", created_at=timezone.now(), **fields
            )


# --- Linked questions --------------------------------------------------------------------


def test_linked_questions_both_ways(writer, team):
    client, user = writer
    cited = QuestionFactory(team=team, title="Cited by the article", score=3)
    foreign = QuestionFactory(team=TeamFactory())
    QuestionFactory(team=team, title="Unrelated")
    body = (
        f"See [this question](/questions/{cited.pk}/cited-by-the-article) and "
        f"https://elsewhere.example/questions/{foreign.pk}, not /api/v3/questions/{cited.pk}."
    )
    article_id = client.post(url("articles", team), payload(body=body), format="json").json()["id"]
    citing = QuestionFactory(
        team=team,
        title="Cites the article",
        body_markdown=f"As [the guide](/articles/{article_id}/) says.",
    )
    linked = url("article-linked-questions", team, articleId=article_id)
    response = client.get(linked)
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["sort"] == "hot" and body["totalCount"] == 2
    assert [q["id"] for q in body["items"]] == [cited.pk, citing.pk]
    assert set(body["items"][0]) >= {"id", "title", "isAnswered", "answerCount", "bounty"}
    by_creation = client.get(linked, {"sort": "creation", "order": "asc"}).json()["items"]
    assert [q["id"] for q in by_creation] == [cited.pk, citing.pk]
    assert client.get(linked, {"sort": "bogus"}).status_code == 400

    # Editing the bodies rebuilds the links.
    services.question_update(
        question=citing, user=citing.owner, title=citing.title, body="No link.", tags=["x"]
    )
    article = Article.objects.get(pk=article_id)
    services.article_update(
        article=article,
        user=user,
        title=article.title,
        body="Nothing linked any more.",
        tags=["python"],
        type=article.type,
        editable_by=article.editable_by,
    )
    assert client.get(linked).json()["totalCount"] == 0

"""`/collections` and `/collections/{collectionId}` through the HTTP stack: shapes (checked
against the official document), filters, the permission table and query budgets."""

from datetime import UTC, datetime
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from content.models import Article, Collection, CollectionItem
from content.services import (
    COLLECTION_EDIT_NOT_ALLOWED_MESSAGE,
    COLLECTION_OWNER_ONLY_MESSAGE,
    NOT_TEAM_MEMBERS_MESSAGE,
    UNKNOWN_CONTENT_MESSAGE,
    UNKNOWN_GROUPS_MESSAGE,
    collection_update,
    tags_for,
)
from teams.models import Membership
from tests.content.test_user_groups_api import assert_official
from tests.factories import (
    AnswerFactory,
    CollectionFactory,
    MembershipFactory,
    QuestionFactory,
    TeamFactory,
    UserFactory,
    UserGroupFactory,
)

pytestmark = pytest.mark.django_db

SUMMARY_FIELDS = {"id", "title", "description", "owner", "creationDate", "isDeleted", "tags"}
FIELDS = SUMMARY_FIELDS | {"content", "editorUsers", "editorUserGroups"}
LIST_BUDGET = 6
DETAIL_BUDGET = 5


def collections_url(team=None):
    return reverse("api:collections", kwargs={"team": team.slug} if team else {})


def collection_url(collection, team=None):
    kwargs = {"collectionId": getattr(collection, "pk", collection)}
    if team is not None:
        kwargs["team"] = team.slug
    return reverse("api:collection-detail", kwargs=kwargs)


def make_article(*, team, owner, title="How we deploy", tags=("deploy",), **fields):
    now = timezone.now()
    article = Article.objects.create(
        **fields,
        team=team,
        title=title,
        body_markdown="Steps.",
        body_html="<p>Steps.</p>",
        owner=owner,
        created_at=now,
        last_activity_at=now,
    )
    article.tags.set(tags_for(team=team, names=list(tags)))
    return article


@pytest.fixture
def caller(pat_client, team):
    """A write client of an ordinary member of `team`, and that member."""
    client, token = pat_client(team=team, can_write=True)
    return client, token.user


def _as_admin(team, user):
    Membership.objects.filter(team=team, user=user).update(role=Membership.Role.ADMIN)


# --- Reads ---------------------------------------------------------------------------------


@pytest.mark.parametrize("with_team", [True, False])
def test_detail_shape_and_order(caller, team, with_team):
    client, _ = caller
    owner = MembershipFactory(team=team).user
    editor = MembershipFactory(team=team).user
    grouped = MembershipFactory(team=team, role=Membership.Role.ADMIN).user
    group = UserGroupFactory(team=team, name="Deployers", members=[grouped])
    q1 = QuestionFactory(team=team, tags=["zeta", "api"])
    q2 = QuestionFactory(team=team, tags=["api"])
    article = make_article(team=team, owner=owner, tags=("deploy",))
    collection = CollectionFactory(
        team=team, owner=owner, editors=[editor], editor_groups=[group], content=[q2]
    )
    # the article by its row (its id may also be a question's: see the next tests)
    CollectionItem.objects.create(collection=collection, position=1, article=article)
    CollectionItem.objects.create(collection=collection, position=2, question=q1)
    response = client.get(collection_url(collection, team if with_team else None))
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert_official(body, "CollectionsResponseModel")
    assert set(body) == FIELDS
    assert [(c["type"], c["id"]) for c in body["content"]] == [
        ("question", q2.pk),
        ("article", article.pk),
        ("question", q1.pk),
    ]
    assert body["content"][1]["title"] == "How we deploy"
    assert [t["name"] for t in body["tags"]] == ["api", "deploy", "zeta"]
    assert body["owner"]["id"] == owner.pk
    assert [u["id"] for u in body["editorUsers"]] == [editor.pk]
    assert [g["name"] for g in body["editorUserGroups"]] == ["Deployers"]
    assert body["editorUserGroups"][0]["users"][0]["role"] == "Admin"
    assert body["isDeleted"] is False


@pytest.mark.parametrize("collection_id", ["other", 999_999, 2**63])
def test_detail_unknown_or_other_teams_is_404(caller, team, collection_id):
    client, _ = caller
    if collection_id == "other":
        collection_id = CollectionFactory(team=TeamFactory()).pk
    assert client.get(collection_url(collection_id, team)).status_code == HTTPStatus.NOT_FOUND


def test_people_who_left_the_team_are_not_shown(caller, team):
    client, _ = caller
    editor, grouped = MembershipFactory(team=team).user, MembershipFactory(team=team).user
    group = UserGroupFactory(team=team, members=[grouped])
    collection = CollectionFactory(team=team, editors=[editor], editor_groups=[group])
    Membership.objects.filter(team=team, user__in=[editor, grouped]).delete()
    body = client.get(collection_url(collection, team)).json()
    assert body["editorUsers"] == []
    assert body["editorUserGroups"][0]["users"] == []


@pytest.mark.parametrize("with_team", [True, False])
def test_list_shape_sort_and_filters(caller, team, with_team):
    client, me = caller
    other = MembershipFactory(team=team).user
    mine = CollectionFactory(team=team, owner=me, title="Deploying widgets")
    theirs = CollectionFactory(
        team=team, owner=other, title="Onboarding", content=[QuestionFactory(team=team)]
    )
    CollectionFactory(team=TeamFactory(), title="Elsewhere")
    Collection.objects.filter(pk=mine.pk).update(created_at=datetime(2025, 1, 10, tzinfo=UTC))
    Collection.objects.filter(pk=theirs.pk).update(
        created_at=datetime(2025, 3, 5, tzinfo=UTC), last_edited_at=datetime(2024, 1, 1, tzinfo=UTC)
    )
    url = collections_url(team if with_team else None)

    def ids(**params):
        response = client.get(url, params)
        assert response.status_code == HTTPStatus.OK, response.content
        body = response.json()
        assert_official(body, "PaginatedCollections")
        return [item["id"] for item in body["items"]]

    body = client.get(url).json()
    assert (body["sort"], body["order"], body["totalCount"]) == ("creation", "desc", 2)
    assert set(body["items"][0]) == SUMMARY_FIELDS
    assert body["items"][0]["tags"][0]["name"] == "widgets"
    assert ids() == [theirs.pk, mine.pk]
    assert ids(order="asc") == [mine.pk, theirs.pk]
    assert ids(sort="lastEdit") == [mine.pk, theirs.pk]
    assert ids(permissions="owned") == [mine.pk]
    assert ids(permissions="editable") == [mine.pk]
    assert ids(authorIds=[other.pk]) == [theirs.pk]
    assert ids(authorIds=[other.pk, me.pk]) == [theirs.pk, mine.pk]
    assert ids(partialTitle="WIDGET") == [mine.pk]
    assert ids(**{"from": "2025-02"}) == [theirs.pk]
    assert ids(to="2025-01") == [mine.pk]
    assert ids(**{"from": "2025-01-10", "to": "2025-03-04T23:59:59Z"}) == [mine.pk]


def test_editable_filter_covers_editors_groups_and_admins(caller, team):
    client, me = caller
    owned = CollectionFactory(team=team, owner=me)
    as_editor = CollectionFactory(team=team, editors=[me])
    as_group = CollectionFactory(
        team=team, editor_groups=[UserGroupFactory(team=team, members=[me])]
    )
    not_mine = CollectionFactory(
        team=team, editor_groups=[UserGroupFactory(team=team, members=[UserFactory()])]
    )
    params = {"permissions": "editable", "order": "asc"}
    body = client.get(collections_url(team), params).json()
    assert [c["id"] for c in body["items"]] == [owned.pk, as_editor.pk, as_group.pk]
    _as_admin(team, me)
    body = client.get(collections_url(team), params).json()
    assert [c["id"] for c in body["items"]] == [owned.pk, as_editor.pk, as_group.pk, not_mine.pk]


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "title"},
        {"order": "up"},
        {"permissions": "mine"},
        {"authorIds": "x"},
        {"from": "yesterday"},
        {"to": "2025-13"},
        {"pageSize": 101},
    ],
)
def test_list_bad_parameters_are_400_naming_them(caller, team, params):
    client, _ = caller
    response = client.get(collections_url(team), params)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert set(response.json()["errors"]) == set(params)


# --- Create --------------------------------------------------------------------------------


@pytest.mark.parametrize("with_team", [True, False])
def test_create_keeps_the_content_order(caller, team, with_team):
    client, me = caller
    editor = MembershipFactory(team=team).user
    group = UserGroupFactory(team=team)
    q1, q2 = QuestionFactory(team=team), QuestionFactory(team=team)
    article = make_article(team=team, owner=me)
    content = [q2.pk, article.pk, q1.pk, q2.pk]
    response = client.post(
        collections_url(team if with_team else None),
        {
            "title": "Widgets 101",
            "description": "Start **here**.",
            "editorUserIds": [editor.pk],
            "editorUserGroupIds": [group.pk],
            "contentIds": content,
        },
        format="json",
    )
    assert response.status_code == HTTPStatus.CREATED, response.content
    body = response.json()
    assert_official(body, "CollectionsResponseModel")
    assert body["owner"]["id"] == me.pk
    assert body["description"] == "Start **here**."
    assert [(c["id"], c["type"]) for c in body["content"]] == [
        (q2.pk, "question"),
        (article.pk, "article"),
        (q1.pk, "question"),
    ]
    assert [u["id"] for u in body["editorUsers"]] == [editor.pk]
    assert [g["id"] for g in body["editorUserGroups"]] == [group.pk]
    assert Collection.objects.get(pk=body["id"]).team == team


def test_content_ids_are_post_ids_of_questions_and_articles(caller, team):
    client, me = caller
    article = make_article(team=team, owner=me, title="An article")
    question = QuestionFactory(team=team, title="A question")
    answer = AnswerFactory(question=question)
    assert len({article.pk, question.pk, answer.pk}) == 3  # one id space
    response = client.post(
        collections_url(team),
        {"title": "Docs", "contentIds": [article.pk, question.pk]},
        format="json",
    )
    assert response.status_code == HTTPStatus.CREATED, response.content
    assert response.json()["content"] == [
        {"id": article.pk, "type": "article", "title": "An article"},
        {"id": question.pk, "type": "question", "title": "A question"},
    ]
    response = client.post(
        collections_url(team), {"title": "A", "contentIds": [answer.pk]}, format="json"
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["errors"] == {
        "contentIds": [UNKNOWN_CONTENT_MESSAGE.format(ids=str(answer.pk))]
    }


def test_an_old_id_shared_by_a_question_and_an_article(caller, team):
    """Posts made before migration 0009 kept their ids: where an old question and an old
    article share one, `contentIds` names the question, `content` pairs name either."""
    client, me = caller
    question = QuestionFactory(team=team, title="A question")
    article = make_article(team=team, owner=me, title="Same id", id=question.pk)
    response = client.post(
        collections_url(team), {"title": "Q", "contentIds": [question.pk]}, format="json"
    )
    assert response.json()["content"] == [
        {"id": question.pk, "type": "question", "title": "A question"}
    ]
    collection = CollectionFactory(team=team, owner=me, content=[])
    collection_update(collection=collection, user=None, content=[("article", article.pk)])
    assert list(collection.items.values_list("question_id", "article_id")) == [(None, article.pk)]


def test_create_with_unknown_ids_is_400_naming_them(caller, team):
    client, _ = caller
    mine = QuestionFactory(team=team)
    theirs = QuestionFactory(team=TeamFactory())
    outsider = UserFactory()
    foreign_group = UserGroupFactory(team=TeamFactory())
    cases = [
        (
            {"contentIds": [mine.pk, theirs.pk, 999_999]},
            "contentIds",
            UNKNOWN_CONTENT_MESSAGE.format(ids=f"{theirs.pk}, 999999"),
        ),
        (
            {"editorUserIds": [outsider.pk]},
            "editorUserIds",
            NOT_TEAM_MEMBERS_MESSAGE.format(ids=str(outsider.pk)),
        ),
        (
            {"editorUserGroupIds": [foreign_group.pk]},
            "editorUserGroupIds",
            UNKNOWN_GROUPS_MESSAGE.format(ids=str(foreign_group.pk)),
        ),
    ]
    for payload, field, message in cases:
        response = client.post(collections_url(team), {"title": "T", **payload}, format="json")
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert response.json()["errors"] == {field: [message]}
    assert not Collection.objects.exists()


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "title"),
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "t" * 151}, "title"),
        ({"title": "T", "contentIds": [0]}, "contentIds"),
        ({"title": "T", "contentIds": "1,2"}, "contentIds"),
        ({"title": "T", "editorUserIds": [2**63]}, "editorUserIds"),
    ],
)
def test_create_bad_body_is_400_naming_the_field(caller, team, payload, field):
    client, _ = caller
    response = client.post(collections_url(team), payload, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert field in response.json()["errors"]
    assert not Collection.objects.exists()


# --- The permission table ---------------------------------------------------------------


ROLES = ["member", "admin", "owner", "editor", "group-editor", "former-group-editor"]
MAY_EDIT = {"admin", "owner", "editor", "group-editor"}
MAY_DELETE = {"admin", "owner"}


def _collection_for(role, team, me):
    """A collection of `team` where `me` has `role`."""
    owner = me if role == "owner" else MembershipFactory(team=team).user
    editors, groups = [], []
    if role == "admin":
        _as_admin(team, me)
    elif role == "editor":
        editors = [me]
    elif role in ("group-editor", "former-group-editor"):
        group = UserGroupFactory(team=team, members=[me])
        groups = [group]
        if role == "former-group-editor":
            group.members.remove(me)
    return CollectionFactory(team=team, owner=owner, editors=editors, editor_groups=groups)


@pytest.mark.parametrize("role", ROLES)
def test_update_permission(caller, team, role):
    client, me = caller
    collection = _collection_for(role, team, me)
    question = QuestionFactory(team=team)
    response = client.put(
        collection_url(collection, team),
        {"title": "Renamed", "contentIds": [question.pk]},
        format="json",
    )
    collection.refresh_from_db()
    if role in MAY_EDIT:
        assert response.status_code == HTTPStatus.OK
        assert_official(response.json(), "CollectionsResponseModel")
        assert collection.title == "Renamed"
        assert [c["id"] for c in response.json()["content"]] == [question.pk]
    else:
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert response.json()["detail"] == COLLECTION_EDIT_NOT_ALLOWED_MESSAGE
        assert collection.title != "Renamed"


@pytest.mark.parametrize("role", ROLES)
def test_delete_permission(caller, team, role):
    client, me = caller
    collection = _collection_for(role, team, me)
    response = client.delete(collection_url(collection))
    if role in MAY_DELETE:
        assert response.status_code == HTTPStatus.NO_CONTENT
        assert not Collection.objects.filter(pk=collection.pk).exists()
    else:
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert response.json()["detail"] == COLLECTION_OWNER_ONLY_MESSAGE
        assert Collection.objects.filter(pk=collection.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_transfer_permission(caller, team, role):
    client, me = caller
    collection = _collection_for(role, team, me)
    heir = MembershipFactory(team=team).user
    response = client.put(collection_url(collection, team), {"ownerId": heir.pk}, format="json")
    collection.refresh_from_db()
    if role in MAY_DELETE:
        assert response.status_code == HTTPStatus.OK
        assert response.json()["owner"]["id"] == heir.pk
        assert collection.owner == heir
    else:
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert collection.owner != heir


def test_transfer_to_a_non_member_is_400(caller, team):
    client, me = caller
    collection = CollectionFactory(team=team, owner=me)
    outsider = MembershipFactory(team=TeamFactory()).user
    response = client.put(collection_url(collection, team), {"ownerId": outsider.pk}, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    message = NOT_TEAM_MEMBERS_MESSAGE.format(ids=str(outsider.pk))
    assert response.json()["errors"] == {"ownerId": [message]}
    collection.refresh_from_db()
    assert collection.owner == me


def test_update_changes_only_what_is_given(caller, team):
    client, me = caller
    question = QuestionFactory(team=team)
    editor = MembershipFactory(team=team).user
    collection = CollectionFactory(
        team=team, owner=me, description="Keep me", editors=[editor], content=[question]
    )
    before = collection.last_edited_at
    body = client.put(
        collection_url(collection, team), {"title": "New", "ownerId": None}, format="json"
    ).json()
    assert (body["title"], body["description"]) == ("New", "Keep me")
    assert [u["id"] for u in body["editorUsers"]] == [editor.pk]
    assert [c["id"] for c in body["content"]] == [question.pk]
    collection.refresh_from_db()
    assert collection.last_edited_at > before
    body = client.put(
        collection_url(collection, team),
        {"editorUserIds": [], "contentIds": [], "description": ""},
        format="json",
    ).json()
    assert (body["editorUsers"], body["content"], body["description"]) == ([], [], "")


def test_other_teams_collection_is_404_on_writes(caller, team):
    client, _ = caller
    collection = CollectionFactory(team=TeamFactory())
    assert (
        client.put(collection_url(collection, team), {"title": "x"}, format="json").status_code
        == HTTPStatus.NOT_FOUND
    )
    assert client.delete(collection_url(collection, team)).status_code == HTTPStatus.NOT_FOUND
    assert Collection.objects.filter(pk=collection.pk).exists()


def test_read_only_token_gets_403_on_every_write(pat_client, team):
    client, token = pat_client(team=team, can_write=False)
    collection = CollectionFactory(team=team, owner=token.user)
    for with_team in (team, None):
        for method, url, payload in [
            ("post", collections_url(with_team), {"title": "New"}),
            ("put", collection_url(collection, with_team), {"title": "Renamed"}),
            ("delete", collection_url(collection, with_team), None),
        ]:
            response = getattr(client, method)(url, payload, format="json")
            assert response.status_code == HTTPStatus.FORBIDDEN, (method, url)
            assert 'error="insufficient_scope"' in response["WWW-Authenticate"]
    assert list(Collection.objects.values_list("title", flat=True)) == [collection.title]
    assert client.get(collection_url(collection, team)).status_code == HTTPStatus.OK


# --- Query budgets -----------------------------------------------------------------------


def _count(client, url, params=None):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == HTTPStatus.OK, response.content
    return len(ctx.captured_queries), response.json()


@pytest.fixture
def world(caller, team):
    """101 collections and groups, each with owners, editors, groups and content."""
    client, me = caller
    people = [MembershipFactory(team=team).user for _ in range(4)]
    questions = [QuestionFactory(team=team, tags=[f"t{i}", "common"]) for i in range(3)]
    article = make_article(team=team, owner=people[0], tags=("deploy", "common"))
    groups = [UserGroupFactory(team=team, members=people[i % 4 : i % 4 + 2]) for i in range(101)]
    collections = []
    for i in range(101):
        collection = CollectionFactory(
            team=team,
            owner=people[i % 4],
            editors=[me, people[0]],
            editor_groups=groups[i : i + 2],
            content=questions,
        )
        CollectionItem.objects.create(collection=collection, position=99, article=article)
        collections.append(collection)
    return client, collections[0], groups[0], people


def test_list_budgets_are_constant(world, team):
    client, _, _, people = world
    authors = [people[0].pk, people[1].pk]
    client.get(collections_url(team))  # a token's first request also refreshes last_used_at
    for url, params in [
        (collections_url(team), {}),
        (collections_url(team), {"permissions": "editable", "sort": "lastEdit"}),
        (collections_url(team), {"authorIds": authors, "partialTitle": "coll", "from": "2020"}),
        (reverse("api:user-groups", kwargs={"team": team.slug}), {}),
        (reverse("api:user-groups", kwargs={"team": team.slug}), {"sort": "size"}),
    ]:
        small, small_body = _count(client, url, {**params, "pageSize": 1})
        large, large_body = _count(client, url, {**params, "pageSize": 100})
        assert len(small_body["items"]) == 1
        if not params.get("authorIds"):
            assert len(large_body["items"]) == 100
        assert small == large <= LIST_BUDGET, (url, params, small, large)
    body = client.get(collections_url(team), {"pageSize": 100}).json()
    assert {t["name"] for t in body["items"][0]["tags"]} == {"t0", "t1", "t2", "common", "deploy"}


def test_detail_budgets(world, team):
    client, collection, group, _ = world
    client.get(collection_url(collection, team))
    queries, body = _count(client, collection_url(collection, team))
    assert len(body["content"]) == 4
    assert len(body["editorUsers"]) == 2
    assert len(body["editorUserGroups"]) == 2
    assert queries <= DETAIL_BUDGET
    url = reverse("api:user-group-detail", kwargs={"team": team.slug, "userGroupId": group.pk})
    queries, body = _count(client, url)
    assert len(body["users"]) == 2
    assert queries <= DETAIL_BUDGET


def test_detail_budget_includes_a_fresh_tokens_first_request(world, team):
    client, collection, _, _ = world
    from tokens.models import PersonalAccessToken

    PersonalAccessToken.objects.update(last_used_at=None)
    queries, body = _count(client, collection_url(collection, team))
    assert len(body["editorUserGroups"]) == 2
    assert queries <= DETAIL_BUDGET

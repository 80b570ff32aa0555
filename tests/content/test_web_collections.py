"""Collection pages: the list, a collection at its `webUrl`, create, edit and delete
through the collection services and their rules."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from content import services
from content.models import Collection
from content.urls_paths import (
    article_path,
    collection_path,
    collections_path,
    question_path,
    user_path,
)
from content.web.article_forms import CONTENT_LINE_MESSAGE, content_ids_from_lines
from teams.models import Membership
from tests.factories import (
    ArticleFactory,
    CollectionFactory,
    MembershipFactory,
    QuestionFactory,
    TeamFactory,
    UserFactory,
    UserGroupFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def owner(team):
    return MembershipFactory(team=team, user=UserFactory(display_name="Olive Owner")).user


@pytest.fixture
def content(team, owner):
    question = QuestionFactory(team=team, owner=owner, title="How do I start?", tags=["intro"])
    article = ArticleFactory(team=team, owner=owner, title="Welcome guide", tags=["onboarding"])
    return question, article


@pytest.fixture
def collection(team, owner, content):
    question, article = content
    return CollectionFactory(
        team=team, owner=owner, title="Onboarding", content=[article, question]
    )


def _key() -> str:
    return services.submission_key_new()


def _url(name, team, collection=None):
    args = [team.slug] + ([collection.pk] if collection is not None else [])
    return reverse(name, args=args)


# --- The gate -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["web-collections", "web-collection", "web-collection-new"])
def test_anonymous_visitor_goes_to_the_login_page(client, team, collection, name):
    path = _url(name, team, collection if name == "web-collection" else None)
    response = client.get(path)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{reverse('login')}?next={path}"


@pytest.mark.parametrize(
    "name", ["web-collections", "web-collection", "web-collection-edit", "web-collection-delete"]
)
def test_non_member_gets_404(client, team, collection, name):
    client.force_login(UserFactory())
    path = _url(name, team, None if name == "web-collections" else collection)
    assert client.get(path).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("name", ["web-collection", "web-collection-edit", "web-collection-delete"])
def test_another_teams_collection_is_404_here(member_client, team, name):
    foreign = CollectionFactory(team=TeamFactory())
    assert member_client.get(_url(name, team, foreign)).status_code == HTTPStatus.NOT_FOUND


# --- Reading --------------------------------------------------------------------------------


def test_list_shows_collections_with_counts_and_filters(member_client, team, collection, member):
    mine = CollectionFactory(team=team, owner=member, title="My reading list")
    CollectionFactory(team=TeamFactory(), title="Elsewhere")

    def ids(**query):
        response = member_client.get(collections_path(team.slug), query)
        assert response.status_code == HTTPStatus.OK
        return [c.pk for c in response.context["page"].items]

    assert ids() == [mine.pk, collection.pk]
    assert ids(show="owned") == [mine.pk]
    assert ids(show="editable") == [mine.pk]
    assert ids(q="onboard") == [collection.pk]
    html = member_client.get(collections_path(team.slug)).content.decode()
    assert f'href="{collection_path(team.slug, collection.pk)}"' in html
    assert "2 items" in html and "Elsewhere" not in html


def test_collection_page_lists_items_in_order_with_owner_and_editors(
    member_client, team, collection, content, owner
):
    question, article = content
    editor = MembershipFactory(team=team, user=UserFactory(display_name="Eddie Editor")).user
    group = UserGroupFactory(team=team, name="Docs crew", members=[editor])
    services.collection_update(
        collection=collection, user=owner, editor_user_ids=[editor.pk], editor_group_ids=[group.pk]
    )
    response = member_client.get(collection_path(team.slug, collection.pk))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    article_link = f'href="{article_path(team.slug, article.pk)}"'
    question_link = f'href="{question_path(team.slug, question.pk)}"'
    assert html.index(article_link) < html.index(question_link)  # the collection's order
    assert f'href="{user_path(team.slug, owner.pk)}"' in html
    assert "Eddie Editor" in html and "Docs crew" in html
    assert "onboarding" in html and "intro" in html  # the items' tags
    assert _url("web-collection-edit", team, collection) not in html  # not an editor


# --- Writing --------------------------------------------------------------------------------


def test_create_a_collection_from_links_and_ids(member_client, team, content, member):
    question, article = content
    link = f"https://teams.example.com{article_path(team.slug, article.pk)}"
    lines = f"{link}  Welcome\n\n{question.pk}\n"
    data = {
        "title": "Start here",
        "description": "For new people.",
        "content": lines,
        "submission_key": _key(),
    }
    response = member_client.post(_url("web-collection-new", team), data)
    member_client.post(_url("web-collection-new", team), data)  # a double click: one
    collection = Collection.objects.get(title="Start here")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == collection_path(team.slug, collection.pk)
    assert collection.owner == member
    items = list(collection.items.order_by("position"))
    assert [(i.article_id, i.question_id) for i in items] == [
        (article.pk, None),
        (None, question.pk),
    ]


def test_content_lines_that_are_not_posts_are_named(member_client, team, content):
    data = {
        "title": "Bad",
        "content": "hello world\n/teams/x/questions/1/\n12345678",
        "submission_key": _key(),
    }
    response = member_client.post(_url("web-collection-new", team), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    errors = response.context["form"].errors["content"]
    assert CONTENT_LINE_MESSAGE.format(line=1) in errors
    data = {"title": "Unknown ids", "content": "12345678", "submission_key": _key()}
    response = member_client.post(_url("web-collection-new", team), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "12345678" in " ".join(response.context["form"].errors["content"])
    assert not Collection.objects.exists()


def test_title_is_required(member_client, team):
    data = {"title": "  ", "submission_key": _key()}
    response = member_client.post(_url("web-collection-new", team), data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "title" in response.context["form"].errors


def test_content_parser_takes_the_first_word_of_each_line():
    text = "/teams/t/questions/12/  How do I… see /teams/t/questions/13/\n 7 note\n\nhttps://stack.example.com/c/t/articles/9"
    assert content_ids_from_lines(text) == [12, 7, 9]


def test_owner_edits_and_the_form_shows_the_current_content(client, team, collection, owner):
    client.force_login(owner)
    url = _url("web-collection-edit", team, collection)
    html = client.get(url).content.decode()
    assert "Welcome guide" in html and "How do I start?" in html
    data = {"title": "Onboarding v2", "description": "", "content": ""}
    assert client.post(url, data).status_code == HTTPStatus.FOUND
    collection.refresh_from_db()
    assert collection.title == "Onboarding v2" and not collection.items.exists()


def test_editor_group_member_may_edit_but_not_delete(client, team, collection, owner, member):
    group = UserGroupFactory(team=team, members=[member])
    services.collection_update(collection=collection, user=owner, editor_group_ids=[group.pk])
    client.force_login(member)
    page = client.get(collection_path(team.slug, collection.pk)).content.decode()
    assert _url("web-collection-edit", team, collection) in page
    assert _url("web-collection-delete", team, collection) not in page
    data = {"title": "Renamed by the group", "editor_groups": [group.pk], "content": ""}
    assert client.post(_url("web-collection-edit", team, collection), data).status_code == 302
    response = client.post(
        _url("web-collection-delete", team, collection), {"submission_key": _key()}, follow=True
    )
    assert response.redirect_chain == [(collection_path(team.slug, collection.pk), 302)]
    assert services.COLLECTION_OWNER_ONLY_MESSAGE in response.content.decode()
    assert Collection.objects.get().title == "Renamed by the group"


def test_someone_else_is_told_why_they_may_not_edit(member_client, team, collection):
    url = _url("web-collection-edit", team, collection)
    response = member_client.post(url, {"title": "x"}, follow=True)
    assert response.redirect_chain == [(collection_path(team.slug, collection.pk), 302)]
    assert services.COLLECTION_EDIT_NOT_ALLOWED_MESSAGE in response.content.decode()
    assert Collection.objects.get().title == "Onboarding"


def test_owner_and_team_admin_delete(client, team, collection, owner):
    client.force_login(owner)
    url = _url("web-collection-delete", team, collection)
    assert "Delete this collection?" in client.get(url).content.decode()
    assert client.post(url, {"submission_key": _key()})["Location"] == collections_path(team.slug)
    assert not Collection.objects.exists()
    other = CollectionFactory(team=team, owner=owner)
    client.force_login(MembershipFactory(team=team, role=Membership.Role.ADMIN).user)
    url = _url("web-collection-delete", team, other)
    assert client.post(url, {"submission_key": _key()}).status_code == 302
    assert not Collection.objects.exists()


# --- Query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 30])
def test_list_query_count_is_constant(member_client, team, owner, rows, django_assert_num_queries):
    questions = [QuestionFactory(team=team, tags=[f"t{i}"]) for i in range(3)]
    for _ in range(rows):
        CollectionFactory(team=team, owner=owner, content=questions)
    # session, user, membership+team, count, page, the items and their tags, switcher
    with django_assert_num_queries(7):
        assert member_client.get(collections_path(team.slug)).status_code == HTTPStatus.OK


@pytest.mark.parametrize("rows", [1, 30])
def test_collection_page_query_count_is_constant(
    member_client, team, owner, rows, django_assert_num_queries
):
    items = [QuestionFactory(team=team, tags=[f"q{i}"]) for i in range(rows)]
    items += [ArticleFactory(team=team, tags=[f"a{i}"]) for i in range(rows)]
    people = [MembershipFactory(team=team).user for _ in range(rows)]
    group = UserGroupFactory(team=team, members=people)
    collection = CollectionFactory(
        team=team, owner=owner, content=items, editors=people, editor_groups=[group]
    )
    # session, user, membership+team, the collection, its items, its editors, switcher
    with django_assert_num_queries(7):
        response = member_client.get(collection_path(team.slug, collection.pk))
    assert response.status_code == HTTPStatus.OK
    assert len(response.context["collection"].content_entries) == 2 * rows

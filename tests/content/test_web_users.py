"""People pages: the team's members (`/teams/<team>/users/`) and a member's page at the
user `webUrl`."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from content import services
from content.urls_paths import answer_path, article_path, question_path, user_path, users_path
from teams.models import Membership
from tests.factories import (
    AnswerFactory,
    ArticleFactory,
    MembershipFactory,
    QuestionFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def person(team):
    user = UserFactory(
        display_name="Priya Patel",
        email="priya@example.com",
        job_title="SRE",
        department="Infrastructure",
    )
    MembershipFactory(team=team, user=user)
    Membership.objects.filter(team=team, user=user).update(reputation=42)
    return user


# --- The gate -------------------------------------------------------------------------------


def test_anonymous_visitor_goes_to_the_login_page(client, team, person):
    for path in (users_path(team.slug), user_path(team.slug, person.pk)):
        response = client.get(path)
        assert response.status_code == HTTPStatus.FOUND
        assert response["Location"] == f"{reverse('login')}?next={path}"


def test_non_member_gets_404(client, team, person):
    client.force_login(UserFactory())
    assert client.get(users_path(team.slug)).status_code == HTTPStatus.NOT_FOUND
    assert client.get(user_path(team.slug, person.pk)).status_code == HTTPStatus.NOT_FOUND


def test_a_user_who_is_not_in_this_team_is_404_here(member_client, team):
    elsewhere = MembershipFactory(team=TeamFactory()).user
    assert member_client.get(user_path(team.slug, elsewhere.pk)).status_code == 404
    assert member_client.get(user_path(team.slug, 999_999)).status_code == 404


# --- The index -------------------------------------------------------------------------------


def test_index_lists_members_of_this_team_only_with_their_standing(member_client, team, person):
    MembershipFactory(team=TeamFactory(), user=UserFactory(display_name="Outsider Olga"))
    QuestionFactory(team=team, owner=person)
    response = member_client.get(users_path(team.slug))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Priya Patel" in html and f'href="{user_path(team.slug, person.pk)}"' in html
    assert "SRE · Infrastructure" in html
    assert "<strong>42</strong> reputation · 1 question · 0 answers" in html
    assert "Outsider Olga" not in html
    assert "priya@example.com" not in html  # no addresses on the index


def test_index_sorts_by_reputation_or_name_and_filters_by_name(member_client, team, member):
    ann = MembershipFactory(team=team, user=UserFactory(display_name="Ann")).user
    zed = MembershipFactory(team=team, user=UserFactory(display_name="Zed")).user
    Membership.objects.filter(team=team, user=zed).update(reputation=100)
    Membership.objects.filter(team=team, user=ann).update(reputation=50)

    def ids(**query):
        response = member_client.get(users_path(team.slug), query)
        assert response.status_code == HTTPStatus.OK
        return [m.user_id for m in response.context["page"].items]

    assert ids()[:2] == [zed.pk, ann.pk]
    assert ids(sort="name")[0] == ann.pk
    assert ids(q="ze") == [zed.pk]
    assert ids(q="nobody-is-called-this") == []


# --- A member's page -------------------------------------------------------------------------


def test_member_page_shows_who_they_are_in_this_team(member_client, team, person):
    response = member_client.get(user_path(team.slug, person.pk))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<h1" in html and "Priya Patel</h1>" in html
    assert "SRE · Infrastructure" in html
    assert "<strong>42</strong> in" in html
    assert reverse("user-avatar", args=[person.pk]) in html


def test_email_is_shown_to_the_person_and_team_admins_only(client, team, person, member):
    path = user_path(team.slug, person.pk)
    client.force_login(member)
    assert "priya@example.com" not in client.get(path).content.decode()
    admin = MembershipFactory(team=team, role=Membership.Role.ADMIN).user
    client.force_login(admin)
    assert "priya@example.com" in client.get(path).content.decode()
    client.force_login(person)
    assert "priya@example.com" in client.get(path).content.decode()


def test_member_page_tabs_list_their_posts_in_this_team(member_client, team, person, member):
    mine = QuestionFactory(team=team, owner=person, title="Priya asks")
    QuestionFactory(team=team, owner=member, title="Someone else asks")
    QuestionFactory(team=MembershipFactory(user=person).team, owner=person, title="Elsewhere")
    answer = AnswerFactory(question=QuestionFactory(team=team, title="Answered"), owner=person)
    article = ArticleFactory(team=team, owner=person, title="Priya writes")
    path = user_path(team.slug, person.pk)

    html = member_client.get(path).content.decode()
    assert f'href="{question_path(team.slug, mine.pk)}"' in html
    assert "Someone else asks" not in html and "Elsewhere" not in html
    assert 'Questions <span class="count">1</span>' in html
    assert 'Answers <span class="count">1</span>' in html
    assert 'Articles <span class="count">1</span>' in html

    html = member_client.get(path, {"tab": "answers"}).content.decode()
    assert f'href="{answer_path(team.slug, answer.question_id, answer.pk)}"' in html
    assert "Answered" in html

    html = member_client.get(path, {"tab": "articles"}).content.decode()
    assert f'href="{article_path(team.slug, article.pk)}"' in html


def test_member_page_shows_the_tags_they_watch(member_client, team, person):
    QuestionFactory(team=team, tags=["python", "rust"])
    services.tag_watch(tag=team.tags.get(name="rust"), user=person)
    response = member_client.get(user_path(team.slug, person.pk))
    assert [tag.name for tag in response.context["watched_tags"]] == ["rust"]


def test_bad_tab_sort_and_page_fall_back(member_client, team, person):
    path = user_path(team.slug, person.pk)
    for query in ({"tab": "x"}, {"sort": "<b>"}, {"page": "-1"}, {"tab": "answers", "page": "z"}):
        assert member_client.get(path, query).status_code == HTTPStatus.OK


# --- Query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 30])
def test_index_query_count_is_constant(member_client, team, rows, django_assert_num_queries):
    for _ in range(rows):
        QuestionFactory(team=team, owner=MembershipFactory(team=team).user)
    # session, user, membership+team, count, page (post counts as subqueries), switcher
    with django_assert_num_queries(6):
        assert member_client.get(users_path(team.slug)).status_code == HTTPStatus.OK


@pytest.mark.parametrize("rows", [1, 20])
@pytest.mark.parametrize(("tab", "queries"), [("questions", 10), ("answers", 9), ("articles", 10)])
def test_member_page_query_count_is_constant(
    member_client, team, person, rows, tab, queries, django_assert_num_queries
):
    for i in range(rows):
        question = QuestionFactory(team=team, owner=person, tags=[f"q{i}", "shared"])
        AnswerFactory(question=question, owner=person)
        ArticleFactory(team=team, owner=person, tags=[f"a{i}"])
        services.tag_watch(tag=team.tags.get(name=f"q{i}"), user=person)
    # session, user, membership+team; the member with counts; watched tags (member, tags);
    # the tab's list (count, page, and tags for questions and articles); the switcher
    with django_assert_num_queries(queries):
        response = member_client.get(user_path(team.slug, person.pk), {"tab": tab})
    assert response.status_code == HTTPStatus.OK
    assert len(response.context["page"].items) == rows

"""Tag pages: the tags index (`/teams/<team>/tags/`), a tag's page at its `webUrl`, and
the watch/unwatch form."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse

from content import services
from content.models import TagSynonym, TagWatch
from content.urls_paths import question_path, tag_path, tags_path, user_path
from content.web.tags import UNWATCHED_MESSAGE, WATCHING_MESSAGE
from teams.models import Membership
from tests.factories import (
    MembershipFactory,
    QuestionFactory,
    TagFactory,
    TeamFactory,
    UserFactory,
    UserGroupFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


def _tag(team, name):
    return team.tags.get(name=name)


# --- The gate -------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["index", "tag"])
def test_anonymous_visitor_goes_to_the_login_page(client, team, page):
    QuestionFactory(team=team, tags=["python"])
    path = tags_path(team.slug) if page == "index" else tag_path(team.slug, "python")
    response = client.get(path)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{reverse('login')}?next={path}"


@pytest.mark.parametrize("page", ["index", "tag"])
def test_non_member_gets_404(client, team, page):
    QuestionFactory(team=team, tags=["python"])
    client.force_login(UserFactory())
    path = tags_path(team.slug) if page == "index" else tag_path(team.slug, "python")
    assert client.get(path).status_code == HTTPStatus.NOT_FOUND


def test_another_teams_tag_is_404_here(member_client, team):
    QuestionFactory(tags=["elsewhere"])  # another team's tag
    assert member_client.get(tag_path(team.slug, "elsewhere")).status_code == 404
    assert member_client.get(tag_path(team.slug, "no-such-tag")).status_code == 404


# --- The index -------------------------------------------------------------------------------


def test_index_sorts_by_popularity_then_by_name_and_filters(member_client, team):
    QuestionFactory(team=team, tags=["zebra", "apple"])
    QuestionFactory(team=team, tags=["zebra"])
    QuestionFactory(team=team, tags=["mango"])
    QuestionFactory(tags=["other-team"])

    def names(**query):
        response = member_client.get(tags_path(team.slug), query)
        assert response.status_code == HTTPStatus.OK
        return [tag.name for tag in response.context["page"].items]

    assert names() == ["zebra", "mango", "apple"]  # post count, then newest id first
    assert names(sort="name") == ["apple", "mango", "zebra"]
    assert names(q="an") == ["mango"]
    assert names(q="AP", sort="name") == ["apple"]
    assert names(sort="<script>") == ["zebra", "mango", "apple"]  # unknown sort: default


def test_index_shows_counts_and_links_to_each_tag(member_client, team, member):
    QuestionFactory(team=team, tags=["python"])
    tag = _tag(team, "python")
    tag.description = "The language."
    tag.save()
    services.tag_watch(tag=tag, user=member)
    html = member_client.get(tags_path(team.slug)).content.decode()
    assert f'href="{tag_path(team.slug, "python")}"' in html
    assert "The language." in html
    assert "1 post" in html and "1 watcher" in html


def test_index_filter_that_matches_nothing_says_so(member_client, team):
    QuestionFactory(team=team, tags=["python"])
    html = member_client.get(tags_path(team.slug), {"q": "<b>rust</b>"}).content.decode()
    assert "No tag matches" in html
    assert "<b>rust</b>" not in html  # escaped


# --- A tag's page ----------------------------------------------------------------------------


def test_tag_page_lists_the_tags_questions_only(member_client, team):
    tagged = QuestionFactory(team=team, title="Tagged one", tags=["python"])
    QuestionFactory(team=team, title="Untagged one", tags=["rust"])
    response = member_client.get(tag_path(team.slug, "python"))
    assert response.status_code == HTTPStatus.OK
    assert [q.pk for q in response.context["page"].items] == [tagged.pk]
    html = response.content.decode()
    assert f'href="{question_path(team.slug, tagged.pk)}"' in html
    assert "Untagged one" not in html
    assert "1 question" in html


def test_tag_page_shows_description_synonyms_smes_and_watchers(member_client, team, member):
    QuestionFactory(team=team, tags=["authentication"])
    tag = _tag(team, "authentication")
    tag.description = "Logging in: <sessions> and tokens."
    tag.save()
    services.tag_synonym_create(tag=tag, name="auth")
    expert = MembershipFactory(team=team, user=UserFactory(display_name="Erin Expert")).user
    group = UserGroupFactory(team=team, name="Security guild", members=[expert, member])
    services.tag_smes_assign(tag=tag, user_ids=[expert.pk], group_ids=[group.pk])
    watcher = MembershipFactory(team=team, user=UserFactory(display_name="Walt Watcher")).user
    services.tag_watch(tag=tag, user=watcher)

    html = member_client.get(tag_path(team.slug, "authentication")).content.decode()
    assert "Logging in: &lt;sessions&gt; and tokens." in html
    assert ">auth<" in html  # the synonym
    assert "Erin Expert" in html and f'href="{user_path(team.slug, expert.pk)}"' in html
    assert "Security guild" in html and "2 members" in html
    assert "1 watcher" in html and "Walt Watcher" in html
    assert "Watch tag" in html


def test_synonym_redirects_to_its_tag(member_client, team):
    QuestionFactory(team=team, tags=["authentication"])
    TagSynonym.objects.create(team=team, name="auth", tag=_tag(team, "authentication"))
    response = member_client.get(tag_path(team.slug, "auth"))
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == tag_path(team.slug, "authentication")


@pytest.mark.parametrize("name", ["c#", "c++", "asp.net", "node.js"])
def test_tag_names_with_punctuation_open_at_their_web_url(member_client, team, name):
    QuestionFactory(team=team, title=f"About {name}", tags=[name])
    response = member_client.get(tag_path(team.slug, name))
    assert response.status_code == HTTPStatus.OK
    assert response.context["tag"].name == name


def test_tag_name_in_another_case_opens_the_tag(member_client, team):
    QuestionFactory(team=team, tags=["python"])
    assert member_client.get(tag_path(team.slug, "Python")).status_code == HTTPStatus.OK


def test_tag_page_tabs_are_the_question_lists_sorts(member_client, team):
    low = QuestionFactory(team=team, title="low", tags=["python"], score=1, is_answered=True)
    high = QuestionFactory(team=team, title="high", tags=["python"], score=5, is_answered=True)
    open_one = QuestionFactory(team=team, title="open", tags=["python"])

    def titles(tab):
        response = member_client.get(tag_path(team.slug, "python"), {"tab": tab})
        return [q.pk for q in response.context["page"].items]

    assert titles("score")[0] == high.pk
    assert titles("newest") == [open_one.pk, high.pk, low.pk]
    assert titles("unanswered") == [open_one.pk]


# --- Watching --------------------------------------------------------------------------------


def test_watch_and_unwatch_through_the_form(member_client, team, member):
    QuestionFactory(team=team, tags=["python"])
    tag = _tag(team, "python")
    url = reverse("web-tag-watch", args=[team.slug, tag.pk])

    response = member_client.post(url, {"action": "watch"}, follow=True)
    assert response.redirect_chain == [(tag_path(team.slug, "python"), HTTPStatus.FOUND)]
    assert TagWatch.objects.filter(tag=tag, user=member).exists()
    html = response.content.decode()
    assert WATCHING_MESSAGE.format(name="python") in html
    assert "Unwatch tag" in html

    member_client.post(url, {"action": "watch"})  # twice: still one
    assert TagWatch.objects.filter(tag=tag, user=member).count() == 1

    response = member_client.post(url, {"action": "unwatch"}, follow=True)
    assert not TagWatch.objects.filter(tag=tag, user=member).exists()
    assert UNWATCHED_MESSAGE.format(name="python") in response.content.decode()


def test_watch_needs_post_csrf_and_a_tag_of_this_team(team, member):
    QuestionFactory(team=team, tags=["python"])
    tag = _tag(team, "python")
    QuestionFactory(tags=["elsewhere"])
    foreign = TagFactory._meta.model.objects.get(name="elsewhere")
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    url = reverse("web-tag-watch", args=[team.slug, tag.pk])
    assert client.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert client.post(url, {"action": "watch"}).status_code == HTTPStatus.FORBIDDEN  # CSRF
    assert not TagWatch.objects.exists()
    plain = Client()
    plain.force_login(member)
    foreign_url = reverse("web-tag-watch", args=[team.slug, foreign.pk])
    assert plain.post(foreign_url, {"action": "watch"}).status_code == HTTPStatus.NOT_FOUND


def test_non_member_cannot_watch(client, team):
    QuestionFactory(team=team, tags=["python"])
    tag = _tag(team, "python")
    client.force_login(UserFactory())
    url = reverse("web-tag-watch", args=[team.slug, tag.pk])
    assert client.post(url, {"action": "watch"}).status_code == HTTPStatus.NOT_FOUND
    assert not TagWatch.objects.exists()


# --- Query counts ----------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 30])
def test_index_query_count_is_constant(
    member_client, team, member, rows, django_assert_num_queries
):
    for i in range(rows):
        QuestionFactory(team=team, tags=[f"tag-{i}", "common"])
    for tag in team.tags.all()[:5]:
        services.tag_watch(tag=tag, user=member)
    # session, user, membership+team, count, page (counts as subqueries), switcher's teams
    with django_assert_num_queries(6):
        assert member_client.get(tags_path(team.slug)).status_code == HTTPStatus.OK


@pytest.mark.parametrize("rows", [1, 20])
def test_tag_page_query_count_is_constant(
    member_client, team, member, rows, django_assert_num_queries
):
    people = [MembershipFactory(team=team).user for _ in range(rows)]
    for i in range(rows):
        QuestionFactory(team=team, owner=people[i], tags=["python", f"t{i}"])
    tag = _tag(team, "python")
    group = UserGroupFactory(team=team, members=people)
    services.tag_smes_assign(tag=tag, user_ids=[p.pk for p in people], group_ids=[group.pk])
    for person in people:
        services.tag_watch(tag=tag, user=person)
        services.tag_synonym_create(tag=tag, name=f"py-{person.pk}")
    # session, user, membership+team; the tag, its SMEs, SME groups, synonyms; watchers;
    # question count, page, tags; the switcher's teams
    with django_assert_num_queries(12):
        response = member_client.get(tag_path(team.slug, "python"))
    assert response.status_code == HTTPStatus.OK
    assert len(response.context["page"].items) == rows


def test_admin_role_is_not_needed_to_browse_tags(client, team):
    admin = MembershipFactory(team=team, role=Membership.Role.ADMIN).user
    other_team_member = MembershipFactory(team=TeamFactory()).user
    QuestionFactory(team=team, tags=["python"])
    client.force_login(admin)
    assert client.get(tag_path(team.slug, "python")).status_code == HTTPStatus.OK
    client.force_login(other_team_member)
    assert client.get(tag_path(team.slug, "python")).status_code == HTTPStatus.NOT_FOUND

"""The team home (`/teams/<team>/`) and the gate every team page shares."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from content import urls_paths
from teams.models import Membership
from teams.plans import Plan
from tests.factories import MembershipFactory, QuestionFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_the_login_page_with_next(client, team):
    path = urls_paths.team_path(team.slug)
    response = client.get(path)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{reverse('login')}?next={path}"


def test_non_member_and_unknown_team_are_the_same_404(login, team):
    stranger = login(UserFactory())
    assert stranger.get(urls_paths.team_path(team.slug)).status_code == HTTPStatus.NOT_FOUND
    assert stranger.get(urls_paths.team_path("no-such-team")).status_code == HTTPStatus.NOT_FOUND


def test_member_sees_the_teams_questions_with_tags_and_counts(login, team, member):
    question = QuestionFactory(team=team, title="How do we rotate keys?", tags=["security"])
    QuestionFactory(title="Another team's question")
    response = login(member).get(urls_paths.team_path(team.slug))
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "How do we rotate keys?" in html
    assert "Another team&#x27;s question" not in html and "Another team's question" not in html
    assert f'href="{urls_paths.question_path(team.slug, question.pk)}"' in html
    assert f'href="{urls_paths.tag_path(team.slug, "security")}"' in html
    assert "1 question" in html


def test_header_has_team_switcher_search_ask_and_section_links(login, team, member):
    other = MembershipFactory(user=member, team=TeamFactory(name="Zeta team")).team
    html = login(member).get(urls_paths.team_path(team.slug)).content.decode()
    assert f'href="{urls_paths.team_path(other.slug)}"' in html
    assert f'action="{urls_paths.search_path(team.slug)}"' in html
    assert f'href="{urls_paths.ask_path(team.slug)}"' in html
    for path in (
        urls_paths.tags_path(team.slug),
        urls_paths.users_path(team.slug),
        urls_paths.articles_path(team.slug),
        urls_paths.collections_path(team.slug),
    ):
        assert f'href="{path}"' in html
    assert 'aria-current="page">Questions<' in html


@pytest.mark.parametrize(
    ("tab", "expected_first"),
    [("newest", "newest"), ("active", "active"), ("top", "top"), ("unanswered", "open")],
)
def test_tabs_are_the_api_sorts_and_filters(login, team, member, tab, expected_first):
    from datetime import UTC, datetime

    QuestionFactory(
        team=team,
        title="top",
        score=9,
        created_at=datetime(2024, 1, 1, tzinfo=UTC),
        last_activity_at=datetime(2024, 1, 1, tzinfo=UTC),
        is_answered=True,
    )
    QuestionFactory(
        team=team,
        title="active",
        created_at=datetime(2024, 1, 2, tzinfo=UTC),
        last_activity_at=datetime(2025, 1, 1, tzinfo=UTC),
        is_answered=True,
    )
    QuestionFactory(
        team=team,
        title="open",
        created_at=datetime(2024, 1, 3, tzinfo=UTC),
        last_activity_at=datetime(2024, 1, 3, tzinfo=UTC),
    )
    QuestionFactory(
        team=team,
        title="newest",
        created_at=datetime(2024, 1, 4, tzinfo=UTC),
        last_activity_at=datetime(2024, 1, 4, tzinfo=UTC),
        is_answered=True,
    )
    response = login(member).get(urls_paths.team_path(team.slug), {"tab": tab})
    titles = [q.title for q in response.context["page"].items]
    assert titles[0] == expected_first
    if tab == "unanswered":
        assert titles == ["open"]


def test_unknown_tab_and_bad_page_fall_back_instead_of_failing(login, team, member):
    QuestionFactory(team=team)
    client = login(member)
    for query in ({"tab": "<script>"}, {"page": "abc"}, {"page": "0"}, {"page": "9" * 30}):
        response = client.get(urls_paths.team_path(team.slug), query)
        assert response.status_code == HTTPStatus.OK
        assert response.context["page"].page == 1


def test_page_past_the_end_links_back_to_the_first(login, team, member):
    QuestionFactory(team=team)
    response = login(member).get(urls_paths.team_path(team.slug), {"page": "5"})
    assert response.status_code == HTTPStatus.OK
    assert "past the end of the list" in response.content.decode()


def test_pagination_keeps_the_tab(login, team, member, monkeypatch):
    from content.web import home

    monkeypatch.setattr(home, "PAGE_SIZE", 2)
    for _ in range(3):
        QuestionFactory(team=team)
    html = login(member).get(urls_paths.team_path(team.slug), {"tab": "top"}).content
    assert b'href="?tab=top&amp;page=2" rel="next"' in html


def test_plan_is_shown_to_team_admins_only(login, team, member):
    admin = MembershipFactory(team=team, role=Membership.Role.ADMIN).user
    team.plan = Plan.BASIC
    team.save()
    assert b"Basic</strong> plan" in login(admin).get(urls_paths.team_path(team.slug)).content
    assert b"Basic</strong> plan" not in login(member).get(urls_paths.team_path(team.slug)).content


def test_home_page_team_cards_link_to_the_team_home(login, team, member):
    html = login(member).get(reverse("home")).content.decode()
    assert f'href="{urls_paths.team_path(team.slug)}"' in html


@pytest.mark.parametrize("rows", [1, 25])
def test_team_home_query_count_is_constant(login, team, member, rows, django_assert_num_queries):
    for _ in range(rows):
        QuestionFactory(team=team, tags=["a", "b"])
    client = login(member)
    # session, user, membership+team, question counter, page rows, tags, the switcher's teams
    with django_assert_num_queries(7):
        assert client.get(urls_paths.team_path(team.slug)).status_code == HTTPStatus.OK


def test_a_404_is_a_page_of_the_site_that_tells_nothing_about_the_team(login, team):
    response = login(UserFactory()).get(urls_paths.team_path(team.slug))
    assert response.status_code == HTTPStatus.NOT_FOUND
    html = response.content.decode()
    assert "<h1>Page not found</h1>" in html
    assert team.name not in html

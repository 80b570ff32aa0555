"""Demo links, bookmarks and flags of `seed_demo`."""

from io import StringIO

import pytest
from django.core.management import call_command

from content.demo.links import BOOKMARKED, LINK_FROM, LINK_TO
from content.models import Bookmark, Flag, PostLink, Question
from teams.models import Team

pytestmark = pytest.mark.django_db

API_TEAMS = ("basic-team", "business-team", "enterprise-team")


def snapshot():
    return (
        sorted(PostLink.objects.values_list("source__title", "target__title", "source__team")),
        sorted(Bookmark.objects.values_list("user__username", "question__title")),
        sorted(Flag.objects.values_list("team__slug", "option_id", "status")),
        sorted(Question.objects.values_list("team__slug", "title", "bookmark_count")),
    )


def test_seed_demo_links_bookmarks_and_flags_api_teams_once():
    call_command("seed_demo", stdout=StringIO())
    first = snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert snapshot() == first
    for slug in API_TEAMS:
        team = Team.objects.get(slug=slug)
        link = PostLink.objects.get(source__team=team)
        assert (link.source.title, link.target.title) == (LINK_FROM, LINK_TO)
        bookmarked = team.questions.get(title=BOOKMARKED)
        assert bookmarked.bookmark_count == team.memberships.count() >= 2
        flag = Flag.objects.get(team=team)
        assert flag.status == Flag.Status.OPEN and flag.flagger_id != flag.question.owner_id
    free = Team.objects.get(slug="free-team")
    assert not PostLink.objects.filter(source__team=free).exists()
    assert not Bookmark.objects.filter(question__team=free).exists()
    assert not Flag.objects.filter(team=free).exists()

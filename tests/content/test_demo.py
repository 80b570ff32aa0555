"""Demo Q&A of `seed_demo`."""

from io import StringIO

import pytest
from django.core.management import call_command

from content.demo.questions import DEMO_QUESTIONS
from content.models import Answer, Comment, Question, TeamContentStats, Vote
from teams.models import Membership, Team

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(Question.objects.values_list("team__slug", "title", "score", "answer_count")),
        Answer.objects.count(),
        Comment.objects.count(),
        Vote.objects.count(),
        sorted(Membership.objects.values_list("user__username", "team__slug", "reputation")),
    )


def test_seed_demo_adds_content_to_every_demo_team_once():
    call_command("seed_demo", stdout=StringIO())
    first = snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert snapshot() == first
    for team in Team.objects.all():
        assert team.questions.count() == len(DEMO_QUESTIONS)
        assert TeamContentStats.objects.get(team=team).question_count == len(DEMO_QUESTIONS)
    business = Team.objects.get(slug="business-team")
    accepted = business.questions.exclude(accepted_answer=None)
    assert accepted.count() == 1
    assert Vote.objects.filter(question__team=business).exists()
    assert Comment.objects.filter(question__team=business).exists()
    assert "<pre><code" in business.questions.first().body_html
    # a team with a single member gets no votes (they would all be self-votes)
    assert not Vote.objects.filter(question__team__slug="free-team").exists()
    alice = Membership.objects.get(user__username="alice", team=business)
    assert alice.reputation > 1


def test_seed_demo_adds_one_image_to_every_api_team_once(settings):
    from content.demo.images import demo_png
    from content.models import Image

    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    teams = sorted(Image.objects.values_list("team__slug", flat=True))
    assert teams == ["basic-team", "business-team", "enterprise-team"]  # not the Free team
    for image in Image.objects.all():
        assert (image.content_type, image.size) == ("image/png", len(demo_png()))
        with image.file.open("rb") as stored:
            assert stored.read() == demo_png()
        assert str(settings.MEDIA_ROOT) in image.file.path  # never the repository's media/


def test_every_api_team_gets_every_kind_of_v3_content():
    """What API v3 serves beyond questions is in the demo of every team with API access:
    articles, collections, user groups, SMEs, watchers, bookmarks, flags, an image."""
    from content.models import Article, Bookmark, Collection, Flag, Image, TagWatch, UserGroup
    from teams.plans import allows_api_access

    call_command("seed_demo", stdout=StringIO())
    api_teams = [team for team in Team.objects.all() if allows_api_access(team.plan)]
    assert {team.slug for team in api_teams} == {"basic-team", "business-team", "enterprise-team"}
    for team in Team.objects.all():
        counts = {
            "articles": Article.objects.filter(team=team).count(),
            "collections": Collection.objects.filter(team=team).count(),
            "user groups": UserGroup.objects.filter(team=team).count(),
            "SME tags": team.tags.filter(sme_users__isnull=False).distinct().count(),
            "watchers": TagWatch.objects.filter(tag__team=team).count(),
            "bookmarks": Bookmark.objects.filter(question__team=team).count(),
            "flags": Flag.objects.filter(team=team).count(),
            "images": Image.objects.filter(team=team).count(),
        }
        if team in api_teams:
            assert all(counts.values()), (team.slug, counts)
        else:
            assert not any(counts.values()), (team.slug, counts)

"""Demo articles of `seed_demo`."""

from io import StringIO

import pytest
from django.core.management import call_command

from content.demo.articles import DEMO_ARTICLES
from content.models import Article, ArticleLink, ArticleVote, Comment, Tag
from teams.models import Team

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(Article.objects.values_list("team__slug", "title", "type", "score")),
        ArticleVote.objects.count(),
        Comment.objects.filter(article__isnull=False).count(),
        sorted(Tag.objects.values_list("team__slug", "name", "post_count")),
    )


def test_seed_demo_adds_articles_to_every_api_team_once():
    call_command("seed_demo", stdout=StringIO())
    first = snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert snapshot() == first
    assert not Article.objects.filter(team__slug="free-team").exists()
    for slug in ("basic-team", "business-team", "enterprise-team"):
        team = Team.objects.get(slug=slug)
        articles = team.articles.all()
        assert articles.count() == len(DEMO_ARTICLES)
        assert len(set(articles.values_list("type", flat=True))) == 4
        assert ArticleVote.objects.filter(article__team=team).exists()
        assert Comment.objects.filter(article__team=team).exists()
        assert ArticleLink.objects.filter(article__team=team).exists()
        api = team.tags.get(name="api")
        assert api.post_count == 2 + team.questions.filter(tags=api).count()

"""Demo user groups and collections of `seed_demo`."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from content.demo.collections import DEMO_COLLECTION_TITLE, DEMO_GROUPS
from content.demo.questions import DEMO_QUESTIONS
from content.models import Article, Collection, CollectionItem, UserGroup
from teams.models import Team

pytestmark = pytest.mark.django_db
API_TEAMS = {"basic-team", "business-team", "enterprise-team"}


def snapshot():
    return (
        sorted(UserGroup.objects.values_list("team__slug", "name")),
        sorted(UserGroup.members.through.objects.values_list("usergroup__name", "user_id")),
        sorted(Collection.objects.values_list("team__slug", "title", "owner_id")),
        sorted(CollectionItem.objects.values_list("collection_id", "position", "question_id")),
    )


def test_seed_demo_adds_groups_and_a_collection_to_api_teams_once():
    call_command("seed_demo", stdout=StringIO())
    first = snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert snapshot() == first
    assert set(Collection.objects.values_list("team__slug", flat=True)) == API_TEAMS
    assert set(UserGroup.objects.values_list("team__slug", flat=True)) == API_TEAMS
    for slug in API_TEAMS:
        team = Team.objects.get(slug=slug)
        assert team.user_groups.count() == len(DEMO_GROUPS)
        for group in team.user_groups.all():
            assert group.members.exists()
            assert set(group.members.values_list("pk", flat=True)) <= set(
                team.memberships.values_list("user_id", flat=True)
            )
        collection = team.collections.get(title=DEMO_COLLECTION_TITLE)
        items = list(collection.items.order_by("position"))
        # The demo questions in their order, then the team's articles (seeded before).
        titles = [(item.question or item.article).title for item in items]
        article_titles = list(team.articles.order_by("pk").values_list("title", flat=True))
        assert titles == [demo.title for demo in DEMO_QUESTIONS] + article_titles
        assert article_titles, "the articles seeder runs before the collections seeder"
        assert collection.editor_groups.exists()


def test_articles_seeded_later_join_the_collection_once():
    call_command("seed_demo", stdout=StringIO())
    team = Team.objects.get(slug="business-team")
    now = timezone.now()
    article = Article.objects.create(
        team=team,
        title="Our API conventions",
        body_markdown="x",
        body_html="<p>x</p>",
        owner=team.memberships.first().user,
        created_at=now,
        last_activity_at=now,
    )
    seeded_articles = team.articles.count() - 1
    call_command("seed_demo", stdout=StringIO())
    collection = team.collections.get(title=DEMO_COLLECTION_TITLE)
    items = list(collection.items.order_by("position"))
    assert items[-1].article == article
    assert len(items) == len(DEMO_QUESTIONS) + seeded_articles + 1
    before = snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert snapshot() == before

"""Demo tag data of `seed_demo`: watchers, SMEs, synonyms, profiles."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from content.models import Tag, TagSynonym, TagWatch
from teams.models import Team

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        sorted(TagWatch.objects.values_list("tag__team__slug", "tag__name", "user__username")),
        sorted(Tag.sme_users.through.objects.values_list("tag__name", "user__username")),
        sorted(Tag.sme_groups.through.objects.values_list("tag__name", "usergroup__name")),
        sorted(TagSynonym.objects.values_list("team__slug", "name", "tag__name")),
        sorted(User.objects.values_list("username", "job_title", "department")),
    )


def test_every_api_team_gets_watchers_smes_and_a_synonym_once():
    call_command("seed_demo", stdout=StringIO())
    first = snapshot()
    call_command("seed_demo", stdout=StringIO())
    assert snapshot() == first
    for team in Team.objects.all():
        watched = TagWatch.objects.filter(tag__team=team)
        smes = team.tags.exclude(sme_users=None)
        synonyms = TagSynonym.objects.filter(team=team)
        if team.allows_api_access:
            assert watched.count() >= 2, team.slug
            assert smes.exists(), team.slug
            assert synonyms.filter(name="auth", tag__name="authentication").exists()
        else:
            assert not (watched.exists() or smes.exists() or synonyms.exists()), team.slug
    alice = User.objects.get(username="alice")
    assert (alice.job_title, alice.department) == ("Staff Engineer", "Platform")


def test_a_filled_in_profile_is_left_alone_and_groups_become_smes():
    call_command("seed_demo", stdout=StringIO())
    alice = User.objects.get(username="alice")
    alice.job_title, alice.department = "CTO", ""
    alice.save()
    business = Team.objects.get(slug="business-team")
    call_command("seed_demo", stdout=StringIO())
    alice.refresh_from_db()
    assert (alice.job_title, alice.department) == ("CTO", "")
    # The groups seeder runs before the tags seeder: the team's first group is an SME once.
    group = business.user_groups.order_by("pk").first()
    assert group is not None
    assert business.tags.filter(sme_groups=group).count() == 1

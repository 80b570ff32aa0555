"""Demo tag data for `manage.py seed_demo`: watchers, subject matter experts, a synonym,
and the demo people's job titles and departments.

For every demo team with API access (not the Free one), once its questions exist: each
member watches two of the team's busiest tags, the first members are SMEs of the busiest
tags, the team's first user group (when the user-groups seed made one) is an SME of the
third, and `auth` is a synonym of `authentication`. Idempotent: watching, adding an SME
and a synonym that exist change nothing, and a profile the user has filled in is left
alone. Everything goes through the services.
"""

from django.contrib.auth import get_user_model

from accounts.services import user_profile_update
from teams.demo import DEMO_TEAMS, demo_members
from teams.models import Team

from .. import services
from ..models import TagSynonym

DEMO_PROFILES = {
    "admin": ("IT Administrator", "IT"),
    "alice": ("Staff Engineer", "Platform"),
    "bob": ("Backend Developer", "Engineering"),
    "carol": ("Product Manager", "Product"),
}
DEMO_SYNONYMS = (("auth", "authentication"),)
WATCHED_PER_MEMBER = 2


def seed(*, log) -> None:
    _profiles(log=log)
    for slug, _name, _plan in DEMO_TEAMS:
        team = Team.objects.filter(slug=slug).first()
        if team is None or not team.allows_api_access:
            continue
        members = demo_members(team)
        tags = list(team.tags.order_by("-post_count", "name")[:4])
        if not members or not tags:
            continue
        _seed_team(team=team, members=members, tags=tags, log=log)


def _profiles(*, log) -> None:
    for user in get_user_model().objects.filter(username__in=DEMO_PROFILES):
        if user.job_title or user.department:
            continue
        job_title, department = DEMO_PROFILES[user.username]
        user_profile_update(user=user, job_title=job_title, department=department)
        log(f"set the job title and department of {user.username}")


def _seed_team(*, team: Team, members: list, tags: list, log) -> None:
    for i, user in enumerate(members):
        for tag in (tags[(i + k) % len(tags)] for k in range(WATCHED_PER_MEMBER)):
            if not tag.watches.filter(user=user).exists():
                services.tag_watch(tag=tag, user=user)
                log(f"{user.username} watches [{tag.name}] in {team.slug}")
    for user, tag in zip(members[:2], tags[:2], strict=False):
        if not tag.sme_users.filter(pk=user.pk).exists():
            services.tag_smes_assign(tag=tag, user_ids=[user.pk])
            log(f"{user.username} is an SME of [{tag.name}] in {team.slug}")
    # User groups are seeded by their own seeder, which may run after this one or not at all.
    group = team.user_groups.order_by("pk").first()
    if group is not None and len(tags) > 2 and not tags[2].sme_groups.filter(pk=group.pk).exists():
        services.tag_smes_assign(tag=tags[2], group_ids=[group.pk])
        log(f"group {group.name!r} is an SME of [{tags[2].name}] in {team.slug}")
    for name, master in DEMO_SYNONYMS:
        tag = team.tags.filter(name=master).first()
        if tag is None or TagSynonym.objects.filter(team=team, name=name).exists():
            continue
        if team.tags.filter(name=name).exists():
            continue
        services.tag_synonym_create(tag=tag, name=name)
        log(f"added the synonym {name} → {master} to {team.slug}")

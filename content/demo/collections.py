"""Demo user groups and collections for `manage.py seed_demo`, in every demo team with API
access (Basic, Business, Enterprise).

Idempotent: a group is looked up by its name and a collection by its title within the
team; a group that exists is left alone, and a collection that exists only gains the demo
questions and articles it does not hold yet (articles are seeded by their own module; run
before this one, they are collected too). Written through the services, as staff.
"""

from dataclasses import dataclass

from teams.demo import DEMO_TEAMS, demo_members
from teams.models import Team
from teams.plans import allows_api_access

from .. import services
from ..models import Collection
from .questions import DEMO_QUESTIONS


@dataclass(frozen=True)
class DemoGroup:
    name: str
    description: str
    members: tuple[int, ...]  # indexes into the team's members (those that exist)


DEMO_GROUPS = (
    DemoGroup("API maintainers", "People who look after our API and its tokens.", (0, 1)),
    DemoGroup("Reviewers", "They review the collections and articles of the team.", (1, 2)),
)
DEMO_COLLECTION_TITLE = "Getting started with the Teamstack API"
DEMO_COLLECTION_DESCRIPTION = (
    "Everything a new script author needs: **tokens**, scopes and the answers we keep "
    "giving. Questions first, then the articles."
)


def seed(*, log) -> None:
    """Add the demo groups and the demo collection missing from each API-enabled team."""
    for slug, _name, _plan in DEMO_TEAMS:
        team = Team.objects.filter(slug=slug).first()
        if team is None or not allows_api_access(team.plan):
            continue
        members = demo_members(team)
        if not members:
            continue
        groups = [
            _seed_group(team=team, members=members, demo=demo, log=log) for demo in DEMO_GROUPS
        ]
        _seed_collection(team=team, owner=members[0], groups=groups, log=log)


def _seed_group(*, team: Team, members: list, demo: DemoGroup, log):
    group = team.user_groups.filter(name__iexact=demo.name).first()
    if group is not None:
        return group
    user_ids = list(dict.fromkeys(members[i].pk for i in demo.members if i < len(members)))
    group = services.user_group_create(
        team=team, user=None, name=demo.name, description=demo.description, user_ids=user_ids
    )
    log(f"added user group {demo.name!r} to {team.slug}")
    return group


def _demo_content(team: Team) -> list[tuple[str, int]]:
    """The demo questions (in their seeding order), then the team's articles, if any."""
    titles = [demo.title for demo in DEMO_QUESTIONS]
    questions = dict(team.questions.filter(title__in=titles).values_list("title", "pk"))
    content = [("question", questions[title]) for title in titles if title in questions]
    articles = getattr(team, "articles", None)
    if articles is not None:
        content += [
            ("article", pk)
            for pk in articles.order_by("created_at", "pk").values_list("pk", flat=True)
        ]
    return content


def _seed_collection(*, team: Team, owner, groups: list, log) -> None:
    content = _demo_content(team)
    collection = team.collections.filter(title=DEMO_COLLECTION_TITLE).first()
    if collection is None:
        services.collection_create(
            team=team,
            user=owner,
            title=DEMO_COLLECTION_TITLE,
            description=DEMO_COLLECTION_DESCRIPTION,
            editor_group_ids=[groups[-1].pk],
            content=content,
        )
        log(f"added collection {DEMO_COLLECTION_TITLE!r} to {team.slug}")
        return
    held = _held(collection)
    if any(item not in held for item in content):
        services.collection_update(
            collection=collection,
            user=None,
            content=held + [item for item in content if item not in held],
        )
        log(f"added the new demo content to collection {DEMO_COLLECTION_TITLE!r} of {team.slug}")


def _held(collection: Collection) -> list[tuple[str, int]]:
    rows = collection.items.order_by("position").values_list("question_id", "article_id")
    return [("question", q) if q is not None else ("article", a) for q, a in rows]

"""Demo links, bookmarks and flags for `manage.py seed_demo`, on every API-enabled demo team.

Runs after `content.demo.questions` and is idempotent: the link is added by editing a
demo question's body through the service (once: it is looked for in the body), the
bookmarks are idempotent, and the flag is raised only when its flagger has none open on
that post. Free teams (no API access) are left as they are.
"""

from teams.demo import DEMO_TEAMS, demo_members
from teams.models import Team
from teams.plans import allows_api_access

from .. import services
from ..flag_options import NEEDS_DETAILS_OR_CLARITY
from ..models import Flag
from .questions import DEMO_QUESTIONS

# The read-only-token question links to the question about calling the API with a token.
LINK_FROM = DEMO_QUESTIONS[1].title
LINK_TO = DEMO_QUESTIONS[0].title
# Everyone bookmarks the paging question; the admin-vs-member question gets a flag.
BOOKMARKED = DEMO_QUESTIONS[2].title
FLAGGED = DEMO_QUESTIONS[4].title


def seed(*, log) -> None:
    for slug, _name, plan in DEMO_TEAMS:
        team = Team.objects.filter(slug=slug).first()
        if team is None or not allows_api_access(plan):
            continue
        members = demo_members(team)
        questions = {q.title: q for q in team.questions.select_related("team")}
        if not members or not all(t in questions for t in (LINK_FROM, LINK_TO, BOOKMARKED)):
            continue
        _link(questions[LINK_FROM], questions[LINK_TO], log=log)
        for user in members:
            services.bookmark_create(user=user, question=questions[BOOKMARKED])
        if FLAGGED in questions:
            _flag(questions[FLAGGED], members=members, log=log)


def _link(source, target, *, log) -> None:
    link = f"/questions/{target.pk}/"
    if link in source.body_markdown:
        return
    body = f"{source.body_markdown}\n\nSee also [{target.title}]({link})."
    tags = list(source.tags.values_list("name", flat=True))
    services.question_update(
        question=source, user=source.owner, title=source.title, body=body, tags=tags
    )
    log(f"linked question {source.pk} to {target.pk} in {source.team.slug}")


def _flag(question, *, members, log) -> None:
    flagger = next((m for m in members if m.pk != question.owner_id), None)
    if flagger is None or Flag.objects.filter(question=question, flagger=flagger).exists():
        return
    services.flag_create(user=flagger, question=question, option_id=NEEDS_DETAILS_OR_CLARITY)
    log(f"flagged question {question.pk} in {question.team.slug}")

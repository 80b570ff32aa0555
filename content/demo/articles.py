"""Demo articles for `manage.py seed_demo`: a few articles of different types per demo team
with API access (not Free), each tagged, with an upvote and a comment when the team has a
second member.

Idempotent: an article is looked up by its title within the team and left alone when it
exists. Everything is written through the services, so tag post counts, scores and
reputation are what the API reports. One article links to a demo question (looked up by
its title), so its linked questions are not empty.
"""

from dataclasses import dataclass

from teams.demo import DEMO_TEAMS, demo_members
from teams.models import Team
from teams.plans import allows_api_access

from .. import services
from ..models import Article
from .questions import DEMO_QUESTIONS

LINKED_QUESTION_TITLE = DEMO_QUESTIONS[0].title


@dataclass(frozen=True)
class DemoArticle:
    author: int  # index into the team's members
    type: str
    title: str
    body: str
    tags: tuple[str, ...]
    editable_by: str = Article.EditableBy.OWNER_ONLY
    editors: tuple[int, ...] = ()  # indexes into the team's members (specificEditors)
    upvoter: int | None = 1
    comment: tuple[int, str] | None = None


DEMO_ARTICLES = (
    DemoArticle(
        author=0,
        type=Article.Type.HOW_TO_GUIDE,
        title="Getting started with the Teamstack API",
        body=(
            "1. Create a personal access token under **Account settings → Personal access "
            "tokens** (read-only, or read/write on Business and Enterprise).\n"
            "2. Send it as a bearer token:\n\n"
            '```sh\ncurl -H "Authorization: Bearer $TEAMSTACK_TOKEN" \\\n'
            "  https://teamstack.example.com/api/v3/articles\n```\n\n"
            "3. Page with `page` and `pageSize` until `page == totalPages`.\n\n"
            "Stuck on a `401`? See [this question]({question_link})."
        ),
        tags=("api", "authentication"),
        editable_by=Article.EditableBy.EVERYONE,
        comment=(1, "Worth adding how to rotate a token before it expires."),
    ),
    DemoArticle(
        author=1,
        type=Article.Type.POLICY,
        title="Access token policy",
        body=(
            "Tokens are personal. **Never** share one or commit it to a repository.\n\n"
            "| Use | Scope | Expiry |\n|---|---|---|\n"
            "| Reporting scripts | read-only | 90 days |\n"
            "| Bots that post | read/write | 30 days |\n\n"
            "Revoke a token as soon as it is no longer needed."
        ),
        tags=("security", "api"),
        editable_by=Article.EditableBy.SPECIFIC_EDITORS,
        editors=(0,),
        upvoter=0,
    ),
    DemoArticle(
        author=0,
        type=Article.Type.ANNOUNCEMENT,
        title="Articles are now available in Teamstack",
        body=(
            "You can now write **knowledge articles**, how-to guides, policies and "
            "announcements next to your questions. Articles show up in search, carry tags, "
            "and can be upvoted and commented on."
        ),
        tags=("teams", "announcements"),
        comment=(1, "Great news, our runbooks are moving here."),
    ),
    DemoArticle(
        author=1,
        type=Article.Type.KNOWLEDGE_ARTICLE,
        title="How our PostgreSQL indexes are chosen",
        body=(
            "Every list the API serves is sorted by an indexed column, with the id as a "
            "tie-breaker:\n\n```sql\nCREATE INDEX ON content_question "
            "(team_id, last_activity_at, id);\n```\n\n"
            "A page is cut on primary keys first, so a deep page reads one index."
        ),
        tags=("postgresql", "performance"),
        upvoter=0,
    ),
)


def seed(*, log) -> None:
    """Add the demo articles missing from each demo team that has API access."""
    for slug, _name, plan in DEMO_TEAMS:
        if not allows_api_access(plan):
            continue
        team = Team.objects.filter(slug=slug).first()
        if team is None:
            continue
        members = demo_members(team)
        if not members:
            continue
        for demo in DEMO_ARTICLES:
            if team.articles.filter(title=demo.title).exists():
                continue
            _seed_article(team=team, members=members, demo=demo)
            log(f"added article {demo.title!r} to {slug}")


def _seed_article(*, team: Team, members: list, demo: DemoArticle) -> None:
    def member(index: int):
        return members[index % len(members)]

    author = member(demo.author)
    question = team.questions.filter(title=LINKED_QUESTION_TITLE).first()
    question_link = f"/questions/{question.pk}/" if question is not None else "/questions/"
    editors = {member(i).pk for i in demo.editors} - {author.pk}
    article = services.article_create(
        team=team,
        user=author,
        title=demo.title,
        body=demo.body.replace("{question_link}", question_link),
        tags=list(demo.tags),
        type=demo.type,
        editable_by=demo.editable_by,
        editor_user_ids=sorted(editors),
    )
    if demo.upvoter is not None:
        voter = member(demo.upvoter)
        if voter.pk != author.pk:
            services.article_upvote(article=article, user=voter)
    if demo.comment is not None:
        commenter, body = demo.comment
        services.comment_create(article=article, user=member(commenter), body=body)

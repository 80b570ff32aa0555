"""Demo Q&A for `manage.py seed_demo`: a realistic handful of questions per demo team.

Idempotent: a question is looked up by its title within the team and, when it exists,
left alone with its answers, comments and votes; everything is written through the
services, so counters and reputation are what the API reports. Authors and voters are
the team's demo members (taken in the order of `teams.demo.DEMO_USERS`); a vote that
would be a self-vote is skipped, so a team with a single member gets no votes.
"""

from dataclasses import dataclass

from teams.demo import DEMO_TEAMS, demo_members
from teams.models import Team

from .. import services
from ..models import Vote


@dataclass(frozen=True)
class DemoAnswer:
    author: int  # index into the team's members
    body: str
    accepted: bool = False
    upvoters: tuple[int, ...] = ()
    comments: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class DemoQuestion:
    author: int
    title: str
    body: str
    tags: tuple[str, ...]
    answers: tuple[DemoAnswer, ...] = ()
    upvoters: tuple[int, ...] = ()
    downvoters: tuple[int, ...] = ()
    comments: tuple[tuple[int, str], ...] = ()


DEMO_QUESTIONS = (
    DemoQuestion(
        author=0,
        title="How do I call the Teamstack API with a personal access token?",
        body=(
            "I created a token under **Account settings → Personal access tokens**. "
            "What header does the API expect?\n\n"
            "```sh\ncurl https://teamstack.example.com/api/v3/teams/my-team/questions\n```\n\n"
            "This answers `401 Unauthorized`."
        ),
        tags=("api", "authentication"),
        answers=(
            DemoAnswer(
                author=1,
                body=(
                    "Send it as a bearer token:\n\n"
                    '```sh\ncurl -H "Authorization: Bearer $TEAMSTACK_TOKEN" \\\n'
                    "  https://teamstack.example.com/api/v3/teams/my-team/questions\n```\n\n"
                    "`X-API-Access-Token: <token>` works too, for older Stack scripts."
                ),
                accepted=True,
                upvoters=(0,),
                comments=((0, "That was it, thanks! The `Bearer` prefix matters."),),
            ),
        ),
        upvoters=(1,),
    ),
    DemoQuestion(
        author=1,
        title="Why does my read-only token get 403 when posting an answer?",
        body=(
            "My script can list questions but `POST /questions/42/answers` fails:\n\n"
            '```json\n{"status": 403, "detail": "This access token is read-only; '
            'write access is required."}\n```\n\nDo I need a new token?'
        ),
        tags=("api", "permissions"),
        answers=(
            DemoAnswer(
                author=0,
                body=(
                    "Yes: the scope is chosen when the token is created. Create a token with "
                    "**write access** (Business and Enterprise plans only) and delete the "
                    "read-only one."
                ),
                upvoters=(1,),
            ),
        ),
        comments=((0, "Which plan is your team on? Basic only allows read-only tokens."),),
    ),
    DemoQuestion(
        author=0,
        title="Paging through every question with pagesize=100",
        body=(
            "Our export job loops over pages. Is this the right stop condition?\n\n"
            "```python\npage = 1\nwhile True:\n"
            '    data = get("/questions", params={"page": page, "pagesize": 100})\n'
            '    handle(data["items"])\n'
            '    if page >= data["totalPages"]:\n        break\n    page += 1\n```'
        ),
        tags=("api", "python", "pagination"),
        answers=(
            DemoAnswer(
                author=1,
                body=(
                    "It is. `totalPages` is at least 1, even for an empty list, so the loop "
                    "always ends. Sort by `creation` if rows may be added while you export."
                ),
                upvoters=(0,),
            ),
        ),
        upvoters=(1,),
    ),
    DemoQuestion(
        author=1,
        title="Speeding up a slow PostgreSQL query on a large table",
        body=(
            "This takes seconds on 10 million rows:\n\n"
            "```sql\nSELECT * FROM events WHERE account_id = 42 ORDER BY created_at DESC "
            "LIMIT 50;\n```\n\n| rows | time |\n|---|---|\n| 1M | 0.2 s |\n| 10M | 3.1 s |"
        ),
        tags=("postgresql", "performance"),
        answers=(
            DemoAnswer(
                author=0,
                body=(
                    "Add a composite index that matches both the filter and the order:\n\n"
                    "```sql\nCREATE INDEX CONCURRENTLY events_account_created\n"
                    "    ON events (account_id, created_at DESC);\n```"
                ),
                upvoters=(1,),
                comments=((1, "Down to 2 ms. `EXPLAIN ANALYZE` shows an index scan now."),),
            ),
        ),
    ),
    DemoQuestion(
        author=0,
        title="What is the difference between a team admin and a member?",
        body=(
            "Team admins can edit or delete anyone's posts; members only their own. "
            "Is there anything else an admin can do?"
        ),
        tags=("teams", "permissions"),
    ),
)


def seed(*, log) -> None:
    """Add the demo questions, answers, comments and votes missing from each demo team."""
    for slug, _name, _plan in DEMO_TEAMS:
        team = Team.objects.filter(slug=slug).first()
        if team is None:
            continue
        members = demo_members(team)
        if not members:
            continue
        for demo in DEMO_QUESTIONS:
            if team.questions.filter(title=demo.title).exists():
                continue
            _seed_question(team=team, members=members, demo=demo)
            log(f"added question {demo.title!r} to {slug}")


def _seed_question(*, team: Team, members: list, demo: DemoQuestion) -> None:
    def member(index: int):
        return members[index % len(members)]

    question = services.question_create(
        team=team, user=member(demo.author), title=demo.title, body=demo.body, tags=list(demo.tags)
    )
    for author, body in demo.comments:
        services.comment_create(question=question, user=member(author), body=body)
    _votes(members=members, indexes=demo.upvoters, value=Vote.UP, question=question)
    _votes(members=members, indexes=demo.downvoters, value=Vote.DOWN, question=question)
    for demo_answer in demo.answers:
        answer = services.answer_create(
            question=question, user=member(demo_answer.author), body=demo_answer.body
        )
        for author, body in demo_answer.comments:
            services.comment_create(
                question=question, answer=answer, user=member(author), body=body
            )
        _votes(members=members, indexes=demo_answer.upvoters, value=Vote.UP, answer=answer)
        if demo_answer.accepted:
            services.answer_accept(answer=answer, user=question.owner)


def _votes(*, members: list, indexes, value: int, **post) -> None:
    (target,) = post.values()
    for index in indexes:
        voter = members[index % len(members)]
        if voter.pk != target.owner_id:
            services.vote_cast(user=voter, value=value, **post)

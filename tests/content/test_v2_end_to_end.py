"""The issue's "done when", as a script over `seed_demo` data: with a PAT of the Business
demo team in `X-API-Access-Token`, read `/tags`; create a filter with question bodies,
answers, comments and user e-mail; page through every question with `pagesize=100` until
`has_more` is false, reading embedded answers (`is_accepted`) and their comments; read
users with e-mail as a team admin (alice) and without as a member (bob); add an article
and an answer; undo a vote. Each flow runs with `team=business-team` and without.

This is the acceptance test of API v2.3: it holds the documented v2.3 behaviour of
methods built on several branches (questions, users, tags, articles, writes), and passes
once they are all merged. Nothing here is skipped.
"""

import gzip
import json
from http import HTTPStatus
from io import StringIO
from urllib.parse import urlencode

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from content.models import Answer, Article, Vote
from teams.models import Team
from tests.factories import QuestionFactory, make_token

pytestmark = pytest.mark.django_db

API = "/api/2.3"
TEAM = "business-team"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"  # v2.3 writes are form posts
EXTRA_QUESTIONS = 130  # with the demo questions: more than one page of 100
FILTER_INCLUDE = (
    "question.body;question.answers;question.comments;answer.body;answer.comments;"
    "user.email;.total;.page;.page_size"
)


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=StringIO())
    team = Team.objects.get(slug=TEAM)
    alice = team.memberships.get(user__username="alice").user
    bob = team.memberships.get(user__username="bob").user
    for n in range(EXTRA_QUESTIONS):
        QuestionFactory(team=team, owner=bob if n % 2 else alice, title=f"Export row {n:03}?")
    return team, alice, bob


class Script:
    """What a client script does: the token in `X-API-Access-Token`, `team=` in the query
    string (as Stack Overflow for Teams documents) or left to the token."""

    def __init__(self, code: str, *, with_team: bool):
        self.client = APIClient()
        self.client.credentials(HTTP_X_API_ACCESS_TOKEN=code)
        self.team_params = {"team": TEAM} if with_team else {}

    def get(self, path: str, **params) -> dict:
        response = self.client.get(f"{API}{path}", {**self.team_params, **params})
        assert response.status_code == HTTPStatus.OK, (path, response.content)
        return response.json()

    def post(self, path: str, **form) -> dict:
        query = "?team=" + TEAM if self.team_params else ""
        response = self.client.post(
            f"{API}{path}{query}", urlencode(form), content_type=FORM_CONTENT_TYPE
        )
        assert response.status_code == HTTPStatus.OK, (path, response.content)
        return response.json()


def _wrapper(body: dict) -> list:
    assert {"items", "has_more", "quota_max", "quota_remaining"} <= set(body)
    assert "error_id" not in body
    return body["items"]


@pytest.fixture(params=[True, False], ids=["team=", "token's team"])
def with_team(request):
    return request.param


def test_the_done_when_script(demo, with_team):
    team, alice, bob = demo
    _, alice_code = make_token(user=alice, team=team, can_write=True)
    script = Script(alice_code, with_team=with_team)

    # 1. Tags.
    tags = _wrapper(script.get("/tags", pagesize=100))
    assert "api" in {tag["name"] for tag in tags}
    assert all(isinstance(tag["count"], int) for tag in tags)

    # 2. A filter with bodies, answers, comments and e-mail.
    created = _wrapper(script.get("/filters/create", include=FILTER_INCLUDE, base="default"))
    flt = created[0]["filter"]
    assert {"question.answers", "answer.comments", "user.email"} <= set(
        created[0]["included_fields"]
    )

    # 3. Every question, 100 at a time, until has_more is false.
    seen, accepted, answer_comments, question_comments, page = [], [], 0, 0, 1
    while True:
        body = script.get("/questions", pagesize=100, page=page, filter=flt)
        items = _wrapper(body)
        assert body["page"] == page and body["page_size"] == 100
        assert body["total"] == team.questions.count()
        assert len(items) <= 100
        for question in items:
            seen.append(question["question_id"])
            assert isinstance(question["creation_date"], int)  # epoch seconds
            assert "body" in question
            assert question["owner"]["user_id"] in (alice.pk, bob.pk)
            for answer in question.get("answers", []):
                assert answer["question_id"] == question["question_id"]
                assert isinstance(answer["is_accepted"], bool)
                if answer["is_accepted"]:
                    accepted.append(answer["answer_id"])
                    assert question["accepted_answer_id"] == answer["answer_id"]
                for comment in answer.get("comments", []):
                    assert comment["post_id"] == answer["answer_id"]
                    answer_comments += 1
            question_comments += len(question.get("comments", []))
        if not body["has_more"]:
            break
        assert len(items) == 100
        page += 1
    assert page == 2
    assert sorted(seen) == sorted(team.questions.values_list("pk", flat=True))
    assert len(seen) == len(set(seen))
    assert accepted == list(
        team.questions.exclude(accepted_answer=None).values_list("accepted_answer", flat=True)
    )
    assert answer_comments >= 1 and question_comments >= 1

    # 4. Users with e-mail as a team admin, and without as a member (but their own).
    as_admin = _wrapper(script.get("/users", pagesize=100, filter=flt))
    assert {user["user_id"] for user in as_admin} >= {alice.pk, bob.pk}
    assert all(user.get("email") for user in as_admin)
    assert {u["user_id"]: u["email"] for u in as_admin}[bob.pk] == bob.email
    _, bob_code = make_token(user=bob, team=team, can_write=True)
    as_member = _wrapper(Script(bob_code, with_team=with_team).get("/users", filter=flt))
    emails = {user["user_id"]: user.get("email") for user in as_member}
    assert emails[bob.pk] == bob.email
    assert emails[alice.pk] is None

    # 5. An article and an answer.
    article = _wrapper(
        script.post(
            "/articles/add",
            title="How we export every question",
            body="Loop on `page` with `pagesize=100` until `has_more` is false.",
            tags="api pagination",
            article_type="knowledge-article",
            filter="withbody",
        )
    )[0]
    saved = Article.objects.get(pk=article["article_id"])
    assert (saved.team, saved.owner) == (team, alice)
    assert article["title"] == "How we export every question"
    assert set(article["tags"]) == {"api", "pagination"}
    question_id = seen[-1]
    answer = _wrapper(
        script.post(
            f"/questions/{question_id}/answers/add",
            body="Sort by `creation` so that new rows do not shift the pages.",
        )
    )[0]
    assert Answer.objects.get(pk=answer["answer_id"]).question_id == question_id
    assert answer["question_id"] == question_id

    # 6. Undo a vote: alice's demo upvote on one of bob's answers.
    vote = Vote.objects.filter(user=alice, answer__question__team=team, value=Vote.UP).first()
    assert vote is not None
    score = vote.answer.score
    undone = _wrapper(script.post(f"/answers/{vote.answer_id}/upvote/undo"))[0]
    assert undone["answer_id"] == vote.answer_id
    assert undone["score"] == score - 1
    assert not Vote.objects.filter(pk=vote.pk).exists()


def test_a_large_page_is_gzipped(demo):
    team, alice, _ = demo
    _, code = make_token(user=alice, team=team)
    client = APIClient()
    client.credentials(HTTP_X_API_ACCESS_TOKEN=code)
    params = {"pagesize": 100, "filter": "withbody"}
    zipped = client.get(f"{API}/questions", params, HTTP_ACCEPT_ENCODING="gzip")
    assert zipped.status_code == HTTPStatus.OK
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    body = json.loads(gzip.decompress(zipped.content))
    assert len(body["items"]) == 100
    plain = client.get(f"{API}/questions", params)
    assert "Content-Encoding" not in plain
    assert json.loads(plain.content)["items"] == body["items"]
    assert len(zipped.content) * 3 < len(plain.content)  # bodies compress well

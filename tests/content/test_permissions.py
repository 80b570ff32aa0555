"""Every content write goes through the PAT gate: a read-only token is a clean 403."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from content.models import Answer, Comment, Question, Vote
from teams.models import Team
from teams.plans import Plan
from tests.factories import AnswerFactory, QuestionFactory, TeamFactory

pytestmark = pytest.mark.django_db

WRITES = [
    ("post", "api:questions", {}),
    ("put", "api:question-detail", {"q": True}),
    ("delete", "api:question-detail", {"q": True}),
    ("post", "api:question-upvote", {"q": True}),
    ("delete", "api:question-upvote", {"q": True}),
    ("post", "api:question-downvote", {"q": True}),
    ("delete", "api:question-downvote", {"q": True}),
    ("post", "api:question-comments", {"q": True}),
    ("post", "api:answers", {"q": True}),
    ("put", "api:answer-detail", {"a": True}),
    ("delete", "api:answer-detail", {"a": True}),
    ("post", "api:answer-upvote", {"a": True}),
    ("delete", "api:answer-upvote", {"a": True}),
    ("post", "api:answer-downvote", {"a": True}),
    ("delete", "api:answer-downvote", {"a": True}),
    ("post", "api:answer-accept", {"a": True}),
    ("delete", "api:answer-accept", {"a": True}),
    ("post", "api:answer-comments", {"a": True}),
]
PAYLOAD = {"title": "A title", "body": "A body", "tags": ["x"]}


def _url(name, needs, team, question, answer, with_team):
    kwargs = {"team": team.slug} if with_team else {}
    if needs.get("q") or needs.get("a"):
        kwargs["questionId"] = question.pk
    if needs.get("a"):
        kwargs["answerId"] = answer.pk
    return reverse(name, kwargs=kwargs)


def _snapshot():
    return (
        Question.objects.count(),
        Answer.objects.count(),
        Comment.objects.count(),
        Vote.objects.count(),
        list(Question.objects.values_list("title", "score", "accepted_answer")),
    )


@pytest.mark.parametrize("with_team", [True, False])
@pytest.mark.parametrize(("method", "name", "needs"), WRITES)
def test_read_only_token_gets_403_on_every_write(pat_client, method, name, needs, with_team):
    team = TeamFactory(plan=Plan.BUSINESS)
    client, token = pat_client(team=team, can_write=False)
    # The token's user owns the question: only the token scope stands in the way.
    question = QuestionFactory(team=team, owner=token.user)
    answer = AnswerFactory(question=question)
    before = _snapshot()
    url = _url(name, needs, team, question, answer, with_team)
    response = getattr(client, method)(url, PAYLOAD)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response["Content-Type"] == "application/problem+json"
    assert 'error="insufficient_scope"' in response["WWW-Authenticate"]
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("plan", "method", "expected"),
    [
        (Plan.FREE, "get", HTTPStatus.FORBIDDEN),
        (Plan.FREE, "post", HTTPStatus.FORBIDDEN),
        (Plan.BASIC, "get", HTTPStatus.OK),
        (Plan.BASIC, "post", HTTPStatus.FORBIDDEN),
        (Plan.BUSINESS, "get", HTTPStatus.OK),
        (Plan.BUSINESS, "post", HTTPStatus.CREATED),
        (Plan.ENTERPRISE, "get", HTTPStatus.OK),
        (Plan.ENTERPRISE, "post", HTTPStatus.CREATED),
    ],
)
def test_plan_gate_applies_to_content(pat_client, plan, method, expected):
    team = TeamFactory(plan=Plan.BUSINESS)
    client, _ = pat_client(team=team, can_write=True)
    Team.objects.filter(pk=team.pk).update(plan=plan)  # a later downgrade applies at once
    url = reverse("api:questions", kwargs={"team": team.slug})
    response = getattr(client, method)(url, PAYLOAD)
    assert response.status_code == expected
    assert Question.objects.count() == (1 if expected == HTTPStatus.CREATED else 0)


def test_another_teams_url_is_403_for_a_member_and_404_for_a_stranger(pat_client, make_pat):
    from tests.factories import MembershipFactory

    team, other = TeamFactory(), TeamFactory()
    client, token = pat_client(team=team, can_write=True)
    url = reverse("api:questions", kwargs={"team": other.slug})
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    MembershipFactory(team=other, user=token.user)
    assert client.get(url).status_code == HTTPStatus.FORBIDDEN


def test_no_token_is_401(api_client, team):
    response = api_client.get(reverse("api:questions", kwargs={"team": team.slug}))
    assert response.status_code == HTTPStatus.UNAUTHORIZED

"""Query budgets: lists make a constant number of queries whatever the page size (at most
6, authentication included), details at most 5."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content import services
from content.models import Question, Vote
from teams.models import Membership
from tests.factories import (
    AnswerFactory,
    CommentFactory,
    MembershipFactory,
    QuestionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST_BUDGET = 6
DETAIL_BUDGET = 5
ROWS = 101


@pytest.fixture
def world(pat_client, team):
    """A team with more rows than the biggest page, each with everything the shapes show."""
    client, token = pat_client(team=team, can_write=True)
    caller = token.user
    editor = MembershipFactory(team=team, role=Membership.Role.ADMIN).user
    owners = [MembershipFactory(team=team).user for _ in range(5)]
    questions = []
    for i in range(ROWS):
        question = QuestionFactory(
            team=team, owner=owners[i % 5], tags=[f"tag{i % 7}", f"other{i % 3}"]
        )
        questions.append(question)
    Question.objects.filter(team=team).update(last_editor=editor)
    votes = [Vote(user=caller, question=q, value=Vote.UP) for q in questions[::2]]
    Vote.objects.bulk_create(votes)
    first = questions[0]
    answers = [AnswerFactory(question=first, owner=owners[i % 5]) for i in range(ROWS)]
    Vote.objects.bulk_create(Vote(user=caller, answer=a, value=Vote.DOWN) for a in answers[::3])
    services.answer_accept(answer=answers[5], user=first.owner)
    for i in range(5):
        CommentFactory(question=first, owner=owners[i])
        CommentFactory(question=first, answer=answers[0], owner=owners[i])
    for _ in range(ROWS):
        MembershipFactory(team=team, user=UserFactory())
    return client, caller, first, answers[0], owners[0]


def _count(client, url, params=None) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), response.json()


LISTS = [
    ("api:questions", False, {}),
    ("api:answers", True, {}),
    ("api:tags", False, {}),
    ("api:users", False, {}),
    ("api:search", False, {"query": "widget"}),
]


def test_list_budgets_are_constant(world, team):
    client, _, question, _, _ = world
    first_request = True
    for name, under_question, params in LISTS:
        kwargs = {"team": team.slug}
        if under_question:
            kwargs["questionId"] = question.pk
        url = reverse(name, kwargs=kwargs)
        if first_request:  # a token's first request also refreshes its last_used_at
            queries, _ = _count(client, url, {**params, "pageSize": 1})
            assert queries <= LIST_BUDGET
            first_request = False
        small, small_body = _count(client, url, {**params, "pageSize": 1})
        large, large_body = _count(client, url, {**params, "pageSize": 100})
        assert len(small_body["items"]) == 1
        expected = 100 if name != "api:tags" else 10  # 7 + 3 tags
        assert len(large_body["items"]) == expected, name
        assert small == large, (name, small, large)
        assert large <= LIST_BUDGET, name


def test_filtered_question_list_and_comment_budgets(world, team):
    client, _, question, answer, _ = world
    url = reverse("api:questions", kwargs={"team": team.slug})
    client.get(url)
    tag_id = question.tags.first().pk
    for params in (
        {"tagId": tag_id, "isAnswered": "false"},
        {"sort": "score", "from": "2020-01-01T00:00:00Z"},
    ):
        small, _ = _count(client, url, {**params, "pageSize": 1})
        large, _ = _count(client, url, {**params, "pageSize": 100})
        assert small == large <= LIST_BUDGET
    for url in (
        reverse("api:question-comments", kwargs={"team": team.slug, "questionId": question.pk}),
        reverse(
            "api:answer-comments",
            kwargs={"team": team.slug, "questionId": question.pk, "answerId": answer.pk},
        ),
    ):
        queries, body = _count(client, url)
        assert len(body) == 5
        assert queries <= LIST_BUDGET


def test_detail_budgets(world, team):
    client, caller, question, answer, owner = world
    tag = question.tags.first()
    # `/users/by-email` is for team admins.
    Membership.objects.filter(team=team, user=caller).update(role=Membership.Role.ADMIN)
    urls = [
        reverse("api:question-detail", kwargs={"team": team.slug, "questionId": question.pk}),
        reverse(
            "api:answer-detail",
            kwargs={"team": team.slug, "questionId": question.pk, "answerId": answer.pk},
        ),
        reverse("api:tag-detail", kwargs={"team": team.slug, "tagId": tag.pk}),
        reverse("api:user-detail", kwargs={"team": team.slug, "userId": owner.pk}),
        reverse("api:user-by-email", kwargs={"team": team.slug, "email": owner.email}),
        reverse("api:users-me", kwargs={"team": team.slug}),
    ]
    for url in urls:
        queries, _ = _count(client, url)
        assert queries <= DETAIL_BUDGET, url


def test_detail_budget_includes_a_fresh_tokens_first_request(
    world, team, django_assert_max_num_queries
):
    client = world[0]
    from tokens.models import PersonalAccessToken

    PersonalAccessToken.objects.update(last_used_at=None)
    url = reverse("api:question-detail", kwargs={"team": team.slug, "questionId": world[2].pk})
    with django_assert_max_num_queries(DETAIL_BUDGET):
        assert client.get(url).status_code == 200


def test_list_budget_with_pytest_django(world, team, django_assert_max_num_queries):
    client = world[0]
    url = reverse("api:questions", kwargs={"team": team.slug})
    for size in (1, 100):
        with django_assert_max_num_queries(LIST_BUDGET):
            body = client.get(url, {"pageSize": size}).json()
        assert len(body["items"]) == size
        assert body["items"][0]["owner"]["reputation"] >= 1
        assert body["items"][0]["lastEditor"]["role"] == "Admin"

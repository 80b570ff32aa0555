"""`POST|DELETE /questions/{questionId}/bookmark` and `userHasBookmarked`."""

from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content import services
from content.models import Bookmark, Question
from tests.factories import MembershipFactory, QuestionFactory, TeamFactory

pytestmark = pytest.mark.django_db

DETAIL_BUDGET = 5


def url(question, team=None, name="api:question-bookmark"):
    kwargs = {"questionId": question if isinstance(question, int) else question.pk}
    if team is not None:
        kwargs["team"] = team.slug
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def writer(pat_client, team):
    client, token = pat_client(team=team, can_write=True)
    return client, token.user


def bookmark_count(question) -> int:
    return Question.objects.get(pk=question.pk).bookmark_count


@pytest.mark.parametrize("with_team", [True, False])
def test_bookmark_and_unbookmark_are_idempotent(writer, team, with_team):
    client, user = writer
    question = QuestionFactory(team=team)
    path = url(question, team if with_team else None)
    for _ in range(2):
        response = client.post(path)
        assert response.status_code == HTTPStatus.CREATED
        assert response.json()["userHasBookmarked"] is True
        assert response.json()["id"] == question.pk
    assert Bookmark.objects.filter(user=user, question=question).count() == 1
    assert bookmark_count(question) == 1
    for _ in range(2):
        response = client.delete(path)
        assert response.status_code == HTTPStatus.OK
        assert response.json()["userHasBookmarked"] is False
    assert not Bookmark.objects.exists()
    assert bookmark_count(question) == 0


def test_user_has_bookmarked_is_the_callers_own(writer, team):
    client, user = writer
    question, other = QuestionFactory(team=team), QuestionFactory(team=team)
    someone = MembershipFactory(team=team).user
    services.bookmark_create(user=someone, question=other)
    services.bookmark_create(user=user, question=question)
    assert bookmark_count(other) == 1
    detail = reverse("api:question-detail", kwargs={"questionId": other.pk})
    assert client.get(detail).json()["userHasBookmarked"] is False
    detail = reverse("api:question-detail", kwargs={"questionId": question.pk})
    assert client.get(detail).json()["userHasBookmarked"] is True


def test_read_only_token_cannot_bookmark(pat_client, team):
    client, _ = pat_client(team=team, can_write=False)
    question = QuestionFactory(team=team)
    assert client.post(url(question, team)).status_code == HTTPStatus.FORBIDDEN
    assert client.delete(url(question)).status_code == HTTPStatus.FORBIDDEN
    assert not Bookmark.objects.exists()


def test_another_teams_question_is_404(writer, team):
    client, _ = writer
    foreign = QuestionFactory(team=TeamFactory())
    assert client.post(url(foreign, team)).status_code == HTTPStatus.NOT_FOUND
    assert client.post(url(foreign)).status_code == HTTPStatus.NOT_FOUND
    assert client.delete(url(2**63)).status_code == HTTPStatus.NOT_FOUND
    assert not Bookmark.objects.exists()


def test_deleting_the_question_deletes_its_bookmarks(team):
    question = QuestionFactory(team=team)
    services.bookmark_create(user=MembershipFactory(team=team).user, question=question)
    services.question_delete(question=question, user=question.owner)
    assert not Bookmark.objects.exists()


def test_question_detail_stays_within_budget_with_bookmarks(writer, team):
    client, user = writer
    question = QuestionFactory(team=team, tags=["a", "b"])
    services.bookmark_create(user=user, question=question)
    detail = reverse("api:question-detail", kwargs={"team": team.slug, "questionId": question.pk})
    client.get(detail)
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(detail).json()
    assert body["userHasBookmarked"] is True
    assert len(ctx.captured_queries) <= DETAIL_BUDGET


def test_question_list_budget_is_constant_with_bookmarks(writer, team):
    client, user = writer
    for _ in range(101):
        services.bookmark_create(user=user, question=QuestionFactory(team=team))
    path = reverse("api:questions", kwargs={"team": team.slug})
    client.get(path)
    counts = []
    for size in (1, 100):
        with CaptureQueriesContext(connection) as ctx:
            assert len(client.get(path, {"pageSize": size}).json()["items"]) == size
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 6

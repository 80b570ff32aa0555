"""`/questions/{questionId}/answers…`: answers, their votes and acceptance."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import BODY_MAX_LENGTH, Answer, Question, Vote
from content.services import (
    ACCEPT_NOT_ALLOWED_MESSAGE,
    EDIT_NOT_ALLOWED_MESSAGE,
    SELF_VOTE_MESSAGE,
)
from teams.models import Membership
from tests.factories import AnswerFactory, MembershipFactory, QuestionFactory, TeamFactory

pytestmark = pytest.mark.django_db

ANSWER_SUMMARY_FIELDS = {
    "id", "questionId", "body", "score", "isAccepted", "isDeleted", "isBookmarked",
    "isFollowed", "creationDate", "lockedDate", "lastEditDate", "lastActivityDate",
    "deletionDate", "owner", "lastEditor", "lastActivityUser", "commentCount", "webUrl",
    "shareLink", "userCanFollow", "canBeFollowed", "isSubjectMatterExpert",
}  # fmt: skip
ANSWER_FIELDS = ANSWER_SUMMARY_FIELDS | {"bodyMarkdown"}


def answers_url(question, team=None):
    kwargs = {"questionId": question if isinstance(question, int) else question.pk}
    if team is not None:
        kwargs["team"] = team.slug
    return reverse("api:answers", kwargs=kwargs)


def answer_url(answer, name="api:answer-detail", team=None, question_id=None):
    kwargs = {"questionId": question_id or answer.question_id, "answerId": answer.pk}
    if team is not None:
        kwargs["team"] = team.slug
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def writer(pat_client, team):
    client, token = pat_client(team=team, can_write=True)
    return client, token.user


@pytest.fixture
def question(team):
    return QuestionFactory(team=team)


def client_for(make_pat, user, team):
    from rest_framework.test import APIClient

    _, code = make_pat(team=team, user=user, can_write=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {code}")
    return client


def test_list_shape_sorts_and_paging(writer, team, question):
    client, _ = writer
    now = timezone.now()
    answers = [
        AnswerFactory(
            question=question,
            score=score,
            created_at=now - timedelta(hours=10 - i),
            last_activity_at=now - timedelta(hours=i),
        )
        for i, score in enumerate([1, 5, -2])
    ]
    body = client.get(answers_url(question, team)).json()
    assert set(body) == {"totalCount", "pageSize", "page", "totalPages", "sort", "order", "items"}
    assert (body["totalCount"], body["totalPages"], body["sort"], body["order"]) == (
        3,
        1,
        "score",
        "desc",
    )
    item = body["items"][0]
    assert set(item) == ANSWER_SUMMARY_FIELDS
    assert (item["id"], item["questionId"], item["score"]) == (answers[1].pk, question.pk, 5)
    assert item["isAccepted"] is False
    assert item["commentCount"] == 0
    assert (
        item["webUrl"]
        == f"http://testserver/teams/{team.slug}/questions/{question.pk}/#answer-{answers[1].pk}"
    )
    assert item["lastActivityUser"]["id"] == answers[1].owner_id

    def ids(params):
        return [a["id"] for a in client.get(answers_url(question, team), params).json()["items"]]

    assert ids({"sort": "score", "order": "asc"}) == [answers[i].pk for i in (2, 0, 1)]
    assert ids({"sort": "creation"}) == [answers[i].pk for i in (2, 1, 0)]
    assert ids({"sort": "modified"}) == [answers[i].pk for i in (0, 1, 2)]
    page2 = client.get(answers_url(question, team), {"pagesize": 2, "page": 2}).json()
    assert (page2["totalPages"], len(page2["items"])) == (2, 1)
    assert client.get(answers_url(question, team), {"page": 3, "pageSize": 2}).json()["items"] == []


def test_list_on_question_without_answers(writer, team, question):
    body = writer[0].get(answers_url(question, team)).json()
    assert (body["totalCount"], body["totalPages"], body["items"]) == (0, 1, [])


@pytest.mark.parametrize(
    "params", [{"sort": "activity"}, {"page": 0}, {"pageSize": 101}, {"order": "sideways"}]
)
def test_list_validation(writer, team, question, params):
    response = writer[0].get(answers_url(question, team), params)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert set(params) <= set(response.json()["errors"])


def test_unknown_or_other_teams_question_is_404(writer, team):
    other = QuestionFactory(team=TeamFactory())
    for qid in (other.pk, 424242):
        assert writer[0].get(answers_url(qid, team)).status_code == HTTPStatus.NOT_FOUND
        response = writer[0].post(answers_url(qid, team), {"body": "an answer"})
        assert response.status_code == HTTPStatus.NOT_FOUND
    assert not Answer.objects.exists()


def test_answer_create(writer, team, question):
    client, user = writer
    response = client.post(answers_url(question, team), {"body": "Use **this**."})
    assert response.status_code == HTTPStatus.CREATED
    body = response.json()
    assert set(body) == ANSWER_FIELDS
    assert body["body"] == "<p>Use <strong>this</strong>.</p>\n"
    assert body["bodyMarkdown"] == "Use **this**."
    assert body["owner"]["id"] == user.pk
    assert body["questionId"] == question.pk
    question.refresh_from_db()
    assert question.answer_count == 1


@pytest.mark.parametrize(
    "payload", [{}, {"body": ""}, {"body": "x" * (BODY_MAX_LENGTH + 1)}, {"body": None}]
)
def test_answer_create_validation(writer, team, question, payload):
    response = writer[0].post(answers_url(question, team), payload)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "body" in response.json()["errors"]


def test_answer_detail_and_404s(writer, team, question):
    client, _ = writer
    answer = AnswerFactory(question=question)
    body = client.get(answer_url(answer, team=team)).json()
    assert set(body) == ANSWER_FIELDS
    assert body["id"] == answer.pk
    other_question = QuestionFactory(team=team)
    foreign = AnswerFactory(question=QuestionFactory())
    cases = [
        answer_url(answer, team=team, question_id=other_question.pk),  # not this question's
        answer_url(foreign, team=team),  # another team's
        reverse("api:answer-detail", kwargs={"questionId": question.pk, "answerId": 2**64}),
    ]
    for url in cases:
        for method in ("get", "put", "delete"):
            response = getattr(client, method)(url, {"body": "edit"})
            assert response.status_code == HTTPStatus.NOT_FOUND, (url, method)
    assert Answer.objects.count() == 2


@pytest.mark.parametrize(
    ("who", "expected"),
    [("owner", HTTPStatus.OK), ("admin", HTTPStatus.OK), ("member", HTTPStatus.FORBIDDEN)],
)
def test_who_may_edit_and_delete(make_pat, team, question, who, expected):
    answer = AnswerFactory(question=question)
    user = {
        "owner": answer.owner,
        "admin": MembershipFactory(team=team, role=Membership.Role.ADMIN).user,
        "member": question.owner,  # even the question's owner may not edit someone's answer
    }[who]
    client = client_for(make_pat, user, team)
    response = client.put(answer_url(answer, team=team), {"body": "edited"})
    assert response.status_code == expected
    if expected == HTTPStatus.OK:
        assert response.json()["body"] == "<p>edited</p>\n"
        assert response.json()["lastEditor"]["id"] == user.pk
        assert response.json()["lastEditDate"] is not None
    else:
        assert response.json()["detail"] == EDIT_NOT_ALLOWED_MESSAGE
    response = client.delete(answer_url(answer, team=team))
    assert response.status_code == (
        HTTPStatus.NO_CONTENT if expected == HTTPStatus.OK else HTTPStatus.FORBIDDEN
    )
    assert Answer.objects.filter(pk=answer.pk).exists() is (expected != HTTPStatus.OK)


def test_answer_votes(writer, team, question):
    client, _user = writer
    answer = AnswerFactory(question=question)
    up = answer_url(answer, "api:answer-upvote", team=team)
    down = answer_url(answer, "api:answer-downvote", team=team)
    for _ in range(2):
        response = client.post(up)
        assert response.status_code == HTTPStatus.OK
        body = response.json()
        assert set(body) == ANSWER_SUMMARY_FIELDS
        assert body["score"] == 1
        assert body["owner"]["reputation"] == 11
    body = client.delete(up).json()
    assert (body["score"], body["owner"]["reputation"]) == (0, 1)
    assert not Vote.objects.exists()
    body = client.post(down).json()
    assert body["score"] == -1
    assert Vote.objects.get().value == Vote.DOWN


def test_no_self_vote_on_answer(writer, team, question):
    client, user = writer
    answer = AnswerFactory(question=question, owner=user)
    response = client.post(answer_url(answer, "api:answer-downvote", team=team))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json()["detail"] == SELF_VOTE_MESSAGE


def test_accept_and_unaccept_by_question_owner(make_pat, team, question):
    first, second = AnswerFactory(question=question), AnswerFactory(question=question)
    client = client_for(make_pat, question.owner, team)
    response = client.post(answer_url(first, "api:answer-accept", team=team))
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert set(body) == ANSWER_SUMMARY_FIELDS
    assert body["isAccepted"] is True
    assert client.post(answer_url(first, "api:answer-accept", team=team)).json()["isAccepted"]
    # accepting another answer moves the acceptance
    assert client.post(answer_url(second, "api:answer-accept", team=team)).json()["isAccepted"]
    listed = client.get(answers_url(question, team)).json()["items"]
    assert {a["id"]: a["isAccepted"] for a in listed} == {first.pk: False, second.pk: True}
    question_body = client.get(
        reverse("api:question-detail", kwargs={"team": team.slug, "questionId": question.pk})
    ).json()
    assert question_body["isAnswered"] is True
    response = client.delete(answer_url(second, "api:answer-accept", team=team))
    assert response.status_code == HTTPStatus.OK
    assert response.json()["isAccepted"] is False
    question.refresh_from_db()
    assert (question.accepted_answer_id, question.is_answered) == (None, False)


def test_only_question_owner_accepts(writer, make_pat, team, question):
    answer = AnswerFactory(question=question)
    for client in (writer[0], client_for(make_pat, answer.owner, team)):
        response = client.post(answer_url(answer, "api:answer-accept", team=team))
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert response.json()["detail"] == ACCEPT_NOT_ALLOWED_MESSAGE
    admin = MembershipFactory(team=team, role=Membership.Role.ADMIN).user
    response = client_for(make_pat, admin, team).post(
        answer_url(answer, "api:answer-accept", team=team)
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Question.objects.get(pk=question.pk).accepted_answer_id is None

"""Comments: `GET` is a bare JSON array (official), `POST` our extension."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from content.models import COMMENT_MAX_LENGTH, Comment
from tests.factories import AnswerFactory, CommentFactory, QuestionFactory

pytestmark = pytest.mark.django_db

COMMENT_FIELDS = {
    "id", "score", "body", "ownerUserId", "ownerDisplayName", "creationDate",
}  # fmt: skip


@pytest.fixture
def writer(pat_client, team):
    client, token = pat_client(team=team, can_write=True)
    return client, token.user


@pytest.fixture
def question(team):
    return QuestionFactory(team=team)


def q_comments(question, team):
    return reverse("api:question-comments", kwargs={"team": team.slug, "questionId": question.pk})


def a_comments(answer, team, question_id=None):
    kwargs = {"team": team.slug, "questionId": question_id or answer.question_id}
    return reverse("api:answer-comments", kwargs={**kwargs, "answerId": answer.pk})


def test_question_comments_are_a_bare_array_oldest_first(writer, team, question):
    answer = AnswerFactory(question=question)
    first = CommentFactory(question=question)
    second = CommentFactory(question=question)
    CommentFactory(question=question, answer=answer)  # under the answer: not listed here
    response = writer[0].get(q_comments(question, team))
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert isinstance(body, list)
    assert [c["id"] for c in body] == [first.pk, second.pk]
    assert set(body[0]) == COMMENT_FIELDS
    assert body[0]["ownerUserId"] == first.owner_id
    assert body[0]["ownerDisplayName"] == first.owner.name
    assert body[0]["score"] == 0
    assert body[0]["body"] == first.body_html


def test_answer_comments(writer, team, question):
    answer = AnswerFactory(question=question)
    CommentFactory(question=question)
    mine = CommentFactory(question=question, answer=answer)
    body = writer[0].get(a_comments(answer, team)).json()
    assert [c["id"] for c in body] == [mine.pk]


def test_no_comments_is_an_empty_array(writer, team, question):
    assert writer[0].get(q_comments(question, team)).json() == []


def test_post_comments(writer, team, question):
    client, user = writer
    answer = AnswerFactory(question=question)
    response = client.post(q_comments(question, team), {"body": "Which *version*?"})
    assert response.status_code == HTTPStatus.CREATED
    body = response.json()
    assert set(body) == COMMENT_FIELDS
    assert body["body"] == "<p>Which <em>version</em>?</p>\n"
    assert body["ownerUserId"] == user.pk
    response = client.post(a_comments(answer, team), {"body": "Thanks!"})
    assert response.status_code == HTTPStatus.CREATED
    assert Comment.objects.get(pk=response.json()["id"]).answer == answer
    answer.refresh_from_db()
    question.refresh_from_db()
    assert (question.comment_count, answer.comment_count) == (1, 1)


@pytest.mark.parametrize("payload", [{}, {"body": ""}, {"body": "x" * (COMMENT_MAX_LENGTH + 1)}])
def test_post_comment_validation(writer, team, question, payload):
    response = writer[0].post(q_comments(question, team), payload)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "body" in response.json()["errors"]
    assert not Comment.objects.exists()


def test_comments_404(writer, team, question):
    client, _ = writer
    foreign_question = QuestionFactory()
    foreign_answer = AnswerFactory(question=foreign_question)
    answer = AnswerFactory(question=question)
    urls = [
        q_comments(foreign_question, team),
        a_comments(foreign_answer, team),
        a_comments(answer, team, question_id=QuestionFactory(team=team).pk),
    ]
    for url in urls:
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND
        assert client.post(url, {"body": "hello"}).status_code == HTTPStatus.NOT_FOUND
    assert not Comment.objects.exists()

"""API v2.3 reads of answers, comments and posts: fields per filter, vectors, sorts,
paging, the permission table and both forms of the team."""

from http import HTTPStatus

import pytest

from content.api_v2.filters import FIELDS
from content.models import Question
from content.services import comment_create
from tests.factories import (
    AnswerFactory,
    ArticleFactory,
    CommentFactory,
    MembershipFactory,
    QuestionFactory,
    make_token,
)

from .v2_support import CELLS, EXPECTED, bad_parameter, made_filter, permission_cell, v2_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(team):
    return MembershipFactory(team=team).user


@pytest.fixture
def caller(team, me):
    _, code = make_token(user=me, team=team)
    return v2_client(code)


def items(response) -> list[dict]:
    assert response.status_code == HTTPStatus.OK, response.content
    return response.json()["items"]


PATHS = [
    "/api/2.3/answers",
    "/api/2.3/answers/1",
    "/api/2.3/answers/1;2/comments",
    "/api/2.3/questions/1/answers",
    "/api/2.3/questions/1/comments",
    "/api/2.3/users/1/answers",
    "/api/2.3/me/answers",
    "/api/2.3/comments",
    "/api/2.3/comments/1",
    "/api/2.3/posts",
    "/api/2.3/posts/1",
    "/api/2.3/posts/1/comments",
]


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("path", PATHS)
def test_permission_table(team, path, cell):
    assert permission_cell(cell, team, path) == EXPECTED[cell]


@pytest.fixture
def thread(team, me):
    question = QuestionFactory(team=team, title="Why <this>?", tags=["b", "a"])
    accepted = AnswerFactory(question=question, owner=me, score=1)
    other = AnswerFactory(question=question, score=5)
    Question.objects.filter(pk=question.pk).update(accepted_answer=accepted)
    on_question = CommentFactory(question=question)
    on_answer = CommentFactory(question=question, answer=other)
    return question, accepted, other, on_question, on_answer


def test_answers_default_fields_and_sorts(caller, thread):
    _, accepted, other, *_ = thread
    body = items(caller.get("/api/2.3/answers", {"sort": "votes"}))
    assert [a["answer_id"] for a in body] == [other.pk, accepted.pk]
    default = {name for name, on in FIELDS["answer"].items() if on} - {"last_edit_date"}
    assert set(body[0]) == default
    assert body[1]["is_accepted"] is True and body[0]["is_accepted"] is False
    assert body[0]["creation_date"] == int(other.created_at.timestamp())
    assert "email" not in body[0]["owner"]
    low = items(caller.get("/api/2.3/answers", {"sort": "votes", "max": 2}))
    assert [a["answer_id"] for a in low] == [accepted.pk]


def test_answer_title_tags_comments_and_links(caller, thread):
    question, _, other, _, on_answer = thread
    flt = made_filter(
        "answer.title",
        "answer.tags",
        "answer.comments",
        "answer.link",
        "answer.body",
        "answer.up_vote_count",
    )
    [item] = items(caller.get(f"/api/2.3/answers/{other.pk}", {"filter": flt}))
    assert item["title"] == "Why &lt;this&gt;?"
    assert item["tags"] == ["a", "b"]
    assert (
        item["link"]
        == f"http://testserver/teams/{question.team.slug}/questions/{question.pk}/#answer-{other.pk}"
    )
    assert [c["comment_id"] for c in item["comments"]] == [on_answer.pk]
    assert item["up_vote_count"] == 0 and item["body"].startswith("<p>")


def test_answer_vectors(caller, team, thread, me):
    question, accepted, other, *_ = thread
    elsewhere = AnswerFactory()
    got = items(
        caller.get(
            f"/api/2.3/answers/{accepted.pk};{elsewhere.pk};{other.pk}",
            {"sort": "creation", "order": "asc"},
        )
    )
    assert [a["answer_id"] for a in got] == [accepted.pk, other.pk]
    by_question = items(
        caller.get(f"/api/2.3/questions/{question.pk};{elsewhere.question_id}/answers")
    )
    assert {a["answer_id"] for a in by_question} == {accepted.pk, other.pk}
    assert [a["answer_id"] for a in items(caller.get("/api/2.3/me/answers"))] == [accepted.pk]
    mine = items(caller.get(f"/api/2.3/users/{me.pk}/answers"))
    assert [a["answer_id"] for a in mine] == [accepted.pk]
    bad_parameter(caller.get("/api/2.3/answers", {"sort": "hot"}), "sort")


def test_comments(caller, team, thread):
    question, accepted, other, on_question, on_answer = thread
    article = ArticleFactory(team=team)
    on_article = comment_create(user=article.owner, body="on the article", article=article)
    all_comments = items(caller.get("/api/2.3/comments", {"order": "asc"}))
    assert [c["comment_id"] for c in all_comments] == [on_question.pk, on_answer.pk, on_article.pk]
    assert all_comments[2]["post_id"] == article.pk
    default = {name for name, on in FIELDS["comment"].items() if on}
    assert set(all_comments[0]) == default
    assert all_comments[0]["post_id"] == question.pk and all_comments[1]["post_id"] == other.pk
    assert all_comments[0]["edited"] is False
    under_q = items(caller.get(f"/api/2.3/questions/{question.pk}/comments"))
    assert [c["comment_id"] for c in under_q] == [on_question.pk]
    under_a = items(caller.get(f"/api/2.3/answers/{other.pk};{accepted.pk}/comments"))
    assert [c["comment_id"] for c in under_a] == [on_answer.pk]
    under_posts = items(caller.get(f"/api/2.3/posts/{question.pk};{other.pk}/comments"))
    assert {c["comment_id"] for c in under_posts} == {on_question.pk, on_answer.pk}
    by_id = items(caller.get(f"/api/2.3/comments/{on_answer.pk};{999999}"))
    assert [c["comment_id"] for c in by_id] == [on_answer.pk]
    flt = made_filter("comment.post_type", "comment.link", "comment.body_markdown")
    [linked] = items(caller.get(f"/api/2.3/comments/{on_answer.pk}", {"filter": flt}))
    assert linked["post_type"] == "answer"
    assert linked["link"].endswith(f"/questions/{question.pk}/#comment{on_answer.pk}_{other.pk}")
    assert "body_markdown" in linked
    flt_type = made_filter("comment.post_type")
    [article_comment] = items(
        caller.get(f"/api/2.3/posts/{article.pk}/comments", {"filter": flt_type})
    )
    assert article_comment["post_type"] == "article"
    bad_parameter(caller.get("/api/2.3/comments", {"sort": "activity"}), "sort")


def test_posts_mix_questions_and_answers_by_post_id(caller, team, thread):
    question, accepted, other, *_ = thread
    article = ArticleFactory(team=team)
    both = items(
        caller.get(
            f"/api/2.3/posts/{question.pk};{other.pk};{article.pk};999999",
            {"sort": "creation", "order": "asc"},
        )
    )
    assert [(p["post_id"], p["post_type"]) for p in both] == [
        (question.pk, "question"),
        (other.pk, "answer"),
    ]
    default = {name for name, on in FIELDS["post"].items() if on} - {"last_edit_date"}
    assert set(both[0]) == default
    assert both[1]["link"].endswith(f"/questions/{question.pk}/#answer-{other.pk}")
    every = caller.get("/api/2.3/posts", {"pagesize": 2, "sort": "votes"}).json()
    assert [p["post_id"] for p in every["items"]] == [other.pk, accepted.pk]
    assert every["has_more"] is True
    flt = made_filter("post.title", "post.comments", "post.up_vote_count", ".total")
    body = caller.get("/api/2.3/posts", {"filter": flt, "sort": "creation", "order": "asc"}).json()
    assert body["total"] == 3
    assert body["items"][2]["title"] == "Why &lt;this&gt;?"
    assert [len(p["comments"]) for p in body["items"]] == [1, 0, 1]


def test_both_forms_of_the_team(caller, team, thread):
    AnswerFactory()  # another team's
    for path in ("/api/2.3/answers", "/api/2.3/comments", "/api/2.3/posts"):
        without = items(caller.get(path))
        assert without == items(caller.get(path, {"team": team.slug}))
        assert len(without) == (3 if path.endswith("posts") else 2)

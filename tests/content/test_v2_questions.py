"""API v2.3 question reads: `/questions` and its variants, `/users/{ids}/questions`,
`/me/questions`: fields per filter, epoch dates, vectors, paging, sorts and ranges, the
permission table and both forms of the team."""

from datetime import UTC, datetime, timedelta
from http import HTTPStatus

import pytest

from content.api_v2.filters import FIELDS
from content.api_v2.lists import NO_RANGE_MESSAGE
from content.api_v2.params import VECTOR_TOO_LONG
from content.models import PostLink, Question, Vote
from content.services import vote_cast
from tests.factories import (
    AnswerFactory,
    CommentFactory,
    MembershipFactory,
    QuestionFactory,
    make_token,
)

from .v2_support import CELLS, EXPECTED, bad_parameter, made_filter, permission_cell, v2_client

pytestmark = pytest.mark.django_db

DEFAULT_QUESTION = {name for name, on in FIELDS["question"].items() if on}


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


def ids_of(response, key="question_id") -> list[int]:
    return [item[key] for item in items(response)]


QUESTION_PATHS = [
    "/api/2.3/questions",
    "/api/2.3/questions/unanswered",
    "/api/2.3/questions/no-answers",
    "/api/2.3/questions/1",
    "/api/2.3/questions/1;2/linked",
    "/api/2.3/questions/1/related",
    "/api/2.3/users/1/questions",
    "/api/2.3/me/questions",
]


@pytest.mark.parametrize("cell", CELLS)
@pytest.mark.parametrize("path", QUESTION_PATHS)
def test_permission_table(team, path, cell):
    assert permission_cell(cell, team, path) == EXPECTED[cell]


def test_default_fields_epoch_dates_and_links(caller, team, me):
    question = QuestionFactory(team=team, owner=me, tags=["python", "django"])
    [item] = items(caller.get("/api/2.3/questions"))
    assert set(item) == DEFAULT_QUESTION - {"accepted_answer_id", "last_edit_date"}
    assert item["question_id"] == question.pk
    assert item["creation_date"] == int(question.created_at.timestamp())
    assert item["last_activity_date"] == int(question.last_activity_at.timestamp())
    assert item["link"] == f"http://testserver/teams/{team.slug}/questions/{question.pk}/"
    assert item["tags"] == ["django", "python"]
    assert item["owner"]["user_id"] == me.pk
    assert "email" not in item["owner"]
    assert item["is_answered"] is False and item["answer_count"] == 0


def test_withbody_and_a_created_filter_with_embedded_posts(caller, team, me):
    question = QuestionFactory(team=team, body_markdown="Use `<b>` & more")
    accepted = AnswerFactory(question=question, owner=me)
    other = AnswerFactory(question=question, score=3)
    Question.objects.filter(pk=question.pk).update(accepted_answer=accepted)
    CommentFactory(question=question, body_markdown="question comment")
    CommentFactory(question=question, answer=other, body_markdown="answer comment")
    Vote.objects.create(user=me, question=question, value=Vote.UP)

    [withbody] = items(caller.get("/api/2.3/questions", {"filter": "withbody"}))
    assert "<code>&lt;b&gt;</code>" in withbody["body"]
    assert "answers" not in withbody and "body_markdown" not in withbody

    flt = made_filter(
        "question.body_markdown",
        "question.answers",
        "question.comments",
        "question.up_vote_count",
        "question.down_vote_count",
        "question.upvoted",
        "question.bookmarked",
        "question.share_link",
        "answer.body",
        "answer.comments",
        "answer.link",
        "comment.post_type",
    )
    [item] = items(caller.get("/api/2.3/questions", {"filter": flt}))
    assert item["body_markdown"] == "Use `&lt;b&gt;` &amp; more"  # escaped, as Stack does
    assert item["up_vote_count"] == 1 and item["down_vote_count"] == 0
    assert item["upvoted"] is True and item["bookmarked"] is False
    assert item["accepted_answer_id"] == accepted.pk
    assert [a["answer_id"] for a in item["answers"]] == [accepted.pk, other.pk]
    assert [a["is_accepted"] for a in item["answers"]] == [True, False]
    assert item["answers"][1]["link"].endswith(f"/questions/{question.pk}/#answer-{other.pk}")
    assert item["answers"][0]["comments"] == []
    [answer_comment] = item["answers"][1]["comments"]
    assert answer_comment["post_type"] == "answer"
    [question_comment] = item["comments"]
    assert question_comment["post_type"] == "question"
    assert question_comment["body"].startswith("<p>question comment")


def test_unsafe_filter_leaves_markdown_unescaped(caller, team):
    QuestionFactory(team=team, title="a < b", body_markdown="x < y")
    from content.api_v2.filters import filter_create

    flt = filter_create(base="default", include=["question.body_markdown"], exclude=[], unsafe=True)
    [item] = items(caller.get("/api/2.3/questions", {"filter": flt.name}))
    assert item["title"] == "a < b" and item["body_markdown"] == "x < y"


def test_vectors_keep_the_sort_skip_unknown_ids_and_refuse_more_than_100(caller, team):
    first, second = QuestionFactory(team=team), QuestionFactory(team=team)
    elsewhere = QuestionFactory()
    path = f"/api/2.3/questions/{first.pk};{elsewhere.pk};999999;{second.pk}"
    assert ids_of(caller.get(path, {"sort": "creation", "order": "asc"})) == [first.pk, second.pk]
    many = ";".join(str(n) for n in range(1, 102))
    message = bad_parameter(caller.get(f"/api/2.3/questions/{many}"), "ids")
    assert VECTOR_TOO_LONG in message
    bad_parameter(caller.get("/api/2.3/questions/1;x"), "ids")


def test_paging_has_more_and_total(caller, team):
    for _ in range(5):
        QuestionFactory(team=team)
    page1 = caller.get("/api/2.3/questions", {"pagesize": 2}).json()
    assert len(page1["items"]) == 2 and page1["has_more"] is True
    assert "total" not in page1
    page3 = caller.get("/api/2.3/questions", {"pagesize": 2, "page": 3}).json()
    assert len(page3["items"]) == 1 and page3["has_more"] is False
    exact = caller.get("/api/2.3/questions", {"pagesize": 5}).json()
    assert exact["has_more"] is False
    flt = made_filter(".total", ".page", ".page_size")
    body = caller.get("/api/2.3/questions", {"pagesize": 2, "filter": flt}).json()
    assert (body["total"], body["page"], body["page_size"]) == (5, 1, 2)
    empty = caller.get("/api/2.3/questions", {"pagesize": 0}).json()
    assert empty["items"] == [] and empty["has_more"] is True
    bad_parameter(caller.get("/api/2.3/questions", {"pagesize": 101}), "pagesize")
    bad_parameter(caller.get("/api/2.3/questions", {"page": 0}), "page")


def test_sorts_min_max_and_dates(caller, team):
    now = datetime.now(UTC).replace(microsecond=0)
    old = QuestionFactory(team=team, score=5, created_at=now - timedelta(days=60))
    mid = QuestionFactory(team=team, score=1, created_at=now - timedelta(days=10))
    new = QuestionFactory(team=team, score=3, created_at=now - timedelta(days=1))
    get = lambda **p: ids_of(caller.get("/api/2.3/questions", p))  # noqa: E731
    assert get(sort="votes") == [old.pk, new.pk, mid.pk]
    assert get(sort="votes", order="asc", min=2) == [new.pk, old.pk]
    assert get(sort="votes", max=3) == [new.pk, mid.pk]
    assert get(sort="creation") == [new.pk, mid.pk, old.pk]
    since = int((now - timedelta(days=20)).timestamp())
    assert get(sort="creation", min=since) == [new.pk, mid.pk]
    assert get(fromdate=since, sort="creation", order="asc") == [mid.pk, new.pk]
    assert get(todate=since, sort="creation") == [old.pk]
    assert get(sort="hot") == [old.pk, new.pk, mid.pk]
    assert get(sort="week") == [new.pk]
    assert get(sort="month") == [new.pk, mid.pk]
    message = bad_parameter(caller.get("/api/2.3/questions", {"sort": "hot", "min": 1}), "min")
    assert NO_RANGE_MESSAGE.format(sort="hot") in message
    bad_parameter(caller.get("/api/2.3/questions", {"sort": "nope"}), "sort")
    bad_parameter(caller.get("/api/2.3/questions", {"sort": "creation", "min": "x"}), "min")


def test_tagged_is_an_and(caller, team):
    both = QuestionFactory(team=team, tags=["python", "django"])
    QuestionFactory(team=team, tags=["python"])
    assert ids_of(caller.get("/api/2.3/questions", {"tagged": "python;django"})) == [both.pk]
    assert ids_of(caller.get("/api/2.3/questions", {"tagged": "nosuchtag"})) == []


def test_unanswered_and_no_answers(caller, team):
    bare = QuestionFactory(team=team)
    zero = QuestionFactory(team=team)
    AnswerFactory(question=zero)
    upvoted = QuestionFactory(team=team)
    answer = AnswerFactory(question=upvoted)
    voter = MembershipFactory(team=team).user
    vote_cast(user=voter, answer=answer, value=Vote.UP)
    assert set(ids_of(caller.get("/api/2.3/questions/unanswered"))) == {bare.pk, zero.pk}
    assert ids_of(caller.get("/api/2.3/questions/no-answers")) == [bare.pk]


def test_linked_and_related(caller, team):
    target = QuestionFactory(team=team, title="Configure the flux capacitor", tags=["flux"])
    linking = QuestionFactory(team=team, title="Something else entirely", tags=["other"])
    PostLink.objects.create(source=linking, target=target)
    related = QuestionFactory(team=team, title="Flux capacitor configuration", tags=["flux"])
    QuestionFactory(team=team, title="Unrelated", tags=["misc"])
    assert ids_of(caller.get(f"/api/2.3/questions/{target.pk}/linked")) == [linking.pk]
    assert ids_of(caller.get(f"/api/2.3/questions/{linking.pk}/linked")) == [target.pk]
    found = ids_of(caller.get(f"/api/2.3/questions/{target.pk}/related", {"sort": "rank"}))
    assert found[0] == related.pk and target.pk not in found


def test_users_questions_and_me(caller, team, me):
    mine = QuestionFactory(team=team, owner=me)
    theirs = QuestionFactory(team=team)
    assert ids_of(caller.get("/api/2.3/me/questions")) == [mine.pk]
    path = f"/api/2.3/users/{theirs.owner_id};{me.pk}/questions"
    assert set(ids_of(caller.get(path))) == {mine.pk, theirs.pk}


def test_both_forms_of_the_team(caller, team):
    QuestionFactory(team=team)
    QuestionFactory()  # another team's
    without = caller.get("/api/2.3/questions").json()
    with_team = caller.get("/api/2.3/questions", {"team": team.slug}).json()
    assert len(without["items"]) == 1
    assert without["items"] == with_team["items"]

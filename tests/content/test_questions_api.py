"""`/questions` and `/questions/{questionId}` (+ upvote/downvote) through the HTTP stack."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from content.models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, Question, Vote
from content.services import EDIT_NOT_ALLOWED_MESSAGE, SELF_VOTE_MESSAGE
from teams.models import Membership
from tests.factories import (
    AnswerFactory,
    MembershipFactory,
    QuestionFactory,
    TagFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db

QUESTION_SUMMARY_FIELDS = {
    "id", "title", "body", "tags", "owner", "lastEditor", "creationDate", "lastActivityDate",
    "score", "isAnswered", "answerCount", "viewCount", "webUrl", "shareUrl", "isDeleted",
    "isObsolete", "isClosed", "bounty",
}  # fmt: skip
QUESTION_FIELDS = QUESTION_SUMMARY_FIELDS | {
    "bodyMarkdown", "communities", "mentionedUsers", "mentionedUserGroups", "userIsFollowing",
    "userHasUpvoted", "userHasDownvoted", "userHasBookmarked",
}  # fmt: skip
USER_SUMMARY_FIELDS = {"id", "accountId", "name", "avatarUrl", "webUrl", "reputation", "role"}
TAG_SUMMARY_FIELDS = {
    "id", "name", "description", "postCount", "subjectMatterExpertCount", "watcherCount",
    "creationDate", "hasSynonyms", "webUrl",
}  # fmt: skip
PAGE_FIELDS = {"totalCount", "pageSize", "page", "totalPages", "sort", "order", "items"}
NEW_QUESTION = {
    "title": "How do I rotate a personal access token?",
    "body": "I need to rotate mine:\n\n```sh\npat regenerate\n```",
    "tags": ["security", "tokens"],
}


def questions_url(team=None):
    return reverse("api:questions", kwargs={"team": team.slug} if team else {})


def question_url(question, name="api:question-detail", team=None):
    kwargs = {"questionId": question if isinstance(question, int) else question.pk}
    if team is not None:
        kwargs["team"] = team.slug
    return reverse(name, kwargs=kwargs)


@pytest.fixture
def writer(pat_client, team):
    """A write client of an ordinary member of `team`, and that member."""
    client, token = pat_client(team=team, can_write=True)
    return client, token.user


@pytest.fixture
def reader(pat_client, team):
    client, token = pat_client(team=team, can_write=False)
    return client, token.user


# --- List --------------------------------------------------------------------------------


def test_list_shape_and_official_field_names(reader, team):
    client, _ = reader
    question = QuestionFactory(team=team, tags=["python"])
    AnswerFactory(question=question)
    response = client.get(questions_url(team))
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert set(body) == PAGE_FIELDS
    assert body["totalCount"] == 1
    assert body["pageSize"] == 30
    assert body["page"] == 1
    assert body["totalPages"] == 1
    assert (body["sort"], body["order"]) == ("activity", "desc")
    item = body["items"][0]
    assert set(item) == QUESTION_SUMMARY_FIELDS
    assert item["id"] == question.pk
    assert item["title"] == question.title
    assert item["body"] == question.body_html
    assert item["answerCount"] == 1
    assert item["score"] == 0
    assert item["viewCount"] == 0
    assert item["isAnswered"] is False
    assert item["lastEditor"] is None
    assert item["webUrl"] == f"http://testserver/teams/{team.slug}/questions/{question.pk}/"
    assert item["shareUrl"] == item["webUrl"]
    assert set(item["owner"]) == USER_SUMMARY_FIELDS
    assert item["owner"]["id"] == question.owner_id
    assert item["owner"]["reputation"] == 1
    assert item["owner"]["role"] == "Registered"
    assert [set(tag) for tag in item["tags"]] == [TAG_SUMMARY_FIELDS]
    assert item["tags"][0]["name"] == "python"
    assert item["creationDate"].endswith("Z") or "+" in item["creationDate"]


def test_list_without_team_in_url_uses_the_tokens_team(reader, team):
    client, _ = reader
    mine = QuestionFactory(team=team)
    QuestionFactory()  # another team's
    body = client.get(questions_url()).json()
    assert [q["id"] for q in body["items"]] == [mine.pk]
    assert body["totalCount"] == 1


def test_list_never_shows_other_teams_questions(reader, team):
    client, _ = reader
    QuestionFactory(team=TeamFactory())
    body = client.get(questions_url(team)).json()
    assert body["items"] == []
    assert body["totalCount"] == 0


def test_empty_list_has_one_page(reader, team):
    body = reader[0].get(questions_url(team)).json()
    assert (body["totalCount"], body["totalPages"], body["items"]) == (0, 1, [])


@pytest.fixture
def five_questions(team):
    now = timezone.now()
    questions = []
    for i in range(5):
        questions.append(
            QuestionFactory(
                team=team,
                created_at=now - timedelta(days=10 - i),
                last_activity_at=now - timedelta(days=i),
                score=[3, -1, 7, 0, 2][i],
            )
        )
    return questions


@pytest.mark.parametrize("size_param", ["pageSize", "pagesize"])
def test_paging_and_the_lower_case_alias(reader, team, five_questions, size_param):
    client, _ = reader
    seen = []
    page = 1
    while True:
        body = client.get(questions_url(team), {size_param: 2, "page": page}).json()
        assert body["pageSize"] == 2
        assert body["totalPages"] == 3
        assert body["totalCount"] == 5
        seen += [q["id"] for q in body["items"]]
        if page == body["totalPages"]:
            break
        page += 1
    assert seen == [q.pk for q in five_questions]  # most recent activity first
    past_end = client.get(questions_url(team), {size_param: 2, "page": 4})
    assert past_end.status_code == HTTPStatus.OK
    assert past_end.json()["items"] == []
    assert past_end.json()["page"] == 4


def test_page_size_one_and_hundred(reader, team, five_questions):
    client, _ = reader
    one = client.get(questions_url(team), {"pageSize": 1}).json()
    assert (len(one["items"]), one["totalPages"]) == (1, 5)
    hundred = client.get(questions_url(team), {"pageSize": 100}).json()
    assert (len(hundred["items"]), hundred["totalPages"]) == (5, 1)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"sort": "score"}, [2, 0, 4, 3, 1]),
        ({"sort": "score", "order": "asc"}, [1, 3, 4, 0, 2]),
        ({"sort": "creation"}, [4, 3, 2, 1, 0]),
        ({"sort": "creation", "order": "asc"}, [0, 1, 2, 3, 4]),
        ({"sort": "activity", "order": "asc"}, [4, 3, 2, 1, 0]),
    ],
)
def test_sorts(reader, team, five_questions, params, expected):
    body = reader[0].get(questions_url(team), params).json()
    assert [q["id"] for q in body["items"]] == [five_questions[i].pk for i in expected]
    assert body["sort"] == params["sort"]
    assert body["order"] == params.get("order", "desc")


def test_filters(reader, team, five_questions):
    client, _ = reader
    q0, q1, q2, q3, q4 = five_questions
    python = TagFactory(team=team, name="python")
    sql = TagFactory(team=team, name="sql")
    q1.tags.add(python)
    q2.tags.add(python, sql)
    q3.tags.add(sql)
    Question.objects.filter(pk=q4.pk).update(is_answered=True)
    answer = AnswerFactory(question=q0)
    Question.objects.filter(pk=q0.pk).update(accepted_answer=answer, is_answered=True)

    def ids(params):
        body = client.get(questions_url(team), params).json()
        assert body["totalCount"] == len(body["items"])
        return {q["id"] for q in body["items"]}

    assert ids({"tagId": python.pk}) == {q1.pk, q2.pk}
    assert ids({"tagId": [python.pk, sql.pk]}) == {q1.pk, q2.pk, q3.pk}
    assert ids({"isAnswered": "true"}) == {q0.pk, q4.pk}
    assert ids({"isAnswered": "false"}) == {q1.pk, q2.pk, q3.pk}
    assert ids({"hasAcceptedAnswer": "true"}) == {q0.pk}
    assert ids({"hasAcceptedAnswer": "false"}) == {q1.pk, q2.pk, q3.pk, q4.pk}
    assert ids({"authorId": q3.owner_id}) == {q3.pk}
    assert ids({"from": q2.created_at.isoformat()}) == {q2.pk, q3.pk, q4.pk}
    assert ids({"to": q1.created_at.isoformat()}) == {q0.pk, q1.pk}
    assert ids({"from": q1.created_at.isoformat(), "to": q3.created_at.isoformat()}) == {
        q1.pk,
        q2.pk,
        q3.pk,
    }


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page": 0}, "page"),
        ({"page": -1}, "page"),
        ({"page": "two"}, "page"),
        ({"page": "9" * 2000}, "page"),
        ({"pageSize": 1000}, "pageSize"),
        ({"pageSize": 0}, "pageSize"),
        ({"pagesize": 101}, "pagesize"),
        ({"pageSize": "1.5"}, "pageSize"),
        ({"sort": "votes"}, "sort"),
        ({"order": "up"}, "order"),
        ({"isAnswered": "maybe"}, "isAnswered"),
        ({"tagId": "python"}, "tagId"),
        ({"authorId": "me"}, "authorId"),
        ({"authorId": 2**70}, "authorId"),
        ({"from": "yesterday"}, "from"),
        ({"to": "2024-13-45T99:00:00Z"}, "to"),
    ],
)
def test_bad_query_parameters_are_400_naming_the_parameter(reader, team, params, field):
    response = reader[0].get(questions_url(team), params)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    assert field in body["errors"]
    assert body["detail"].startswith(f"{field}: ")


# --- Create ------------------------------------------------------------------------------


def test_create_returns_201_with_the_question(writer, team):
    client, user = writer
    response = client.post(questions_url(team), NEW_QUESTION)
    assert response.status_code == HTTPStatus.CREATED, response.content
    body = response.json()
    assert set(body) == QUESTION_FIELDS
    question = Question.objects.get(pk=body["id"])
    assert question.team == team
    assert body["title"] == NEW_QUESTION["title"]
    assert body["bodyMarkdown"] == NEW_QUESTION["body"]
    assert '<pre><code class="language-sh">pat regenerate' in body["body"]
    assert [t["name"] for t in body["tags"]] == ["security", "tokens"]
    assert body["owner"]["id"] == user.pk
    assert (body["userHasUpvoted"], body["userHasDownvoted"]) == (False, False)
    assert (body["score"], body["answerCount"], body["viewCount"]) == (0, 0, 0)


def test_create_without_team_in_url(writer, team):
    response = writer[0].post(questions_url(), NEW_QUESTION)
    assert response.status_code == HTTPStatus.CREATED
    assert Question.objects.get(pk=response.json()["id"]).team == team


def test_body_is_sanitised(writer, team):
    body = (
        "Hi <script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
        '<a href="javascript:alert(3)">link</a>'
    )
    response = writer[0].post(questions_url(team), {**NEW_QUESTION, "body": body})
    assert response.status_code == HTTPStatus.CREATED
    html = response.json()["body"].lower()
    assert "<script" not in html
    assert "onerror" not in html
    assert "javascript:" not in html
    assert response.json()["bodyMarkdown"] == body  # the source is kept as written


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"body": "b", "tags": ["a"]}, "title"),
        ({"title": "", "body": "b", "tags": ["a"]}, "title"),
        ({"title": "   ", "body": "b", "tags": ["a"]}, "title"),
        ({"title": "x" * (TITLE_MAX_LENGTH + 1), "body": "b", "tags": ["a"]}, "title"),
        ({"title": "t", "body": "x" * (BODY_MAX_LENGTH + 1), "tags": ["a"]}, "body"),
        ({"title": "t", "body": "b"}, "tags"),
        ({"title": "t", "body": "b", "tags": []}, "tags"),
        ({"title": "t", "body": "b", "tags": ["a"] * 6}, "tags"),
        ({"title": "t", "body": "b", "tags": ["no spaces"]}, "tags"),
        ({"title": "t", "body": "b", "tags": "python"}, "tags"),
        ({"title": 12, "body": ["b"], "tags": ["a"]}, "body"),
    ],
)
def test_create_validation(writer, team, payload, field):
    response = writer[0].post(questions_url(team), payload)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    "raw", [b"{not json", b'{"title": "caf\xe9", "body": "b", "tags": ["a"]}', b"[1, 2]", b"null"]
)
def test_malformed_bodies_are_400(writer, team, raw):
    response = writer[0].generic("POST", questions_url(team), raw, "application/json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response["Content-Type"] == "application/problem+json"


# --- Detail, update, delete --------------------------------------------------------------


def test_detail(reader, team):
    question = QuestionFactory(team=team)
    response = reader[0].get(question_url(question, team=team))
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert set(body) == QUESTION_FIELDS
    assert body["id"] == question.pk
    assert body["bodyMarkdown"] == question.body_markdown


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_unknown_or_other_teams_question_is_404(writer, team, method):
    client, _ = writer
    other = QuestionFactory(team=TeamFactory())
    for question_id in (other.pk, 999999, 2**63, 2**70):
        response = getattr(client, method)(question_url(question_id, team=team), NEW_QUESTION)
        assert response.status_code == HTTPStatus.NOT_FOUND, question_id
        assert response["Content-Type"] == "application/problem+json"
    assert Question.objects.filter(pk=other.pk).exists()


def test_owner_updates(writer, team):
    client, user = writer
    question = QuestionFactory(team=team, owner=user)
    payload = {"title": "Edited title", "body": "edited", "tags": ["edited"]}
    response = client.put(question_url(question, team=team), payload)
    assert response.status_code == HTTPStatus.OK
    body = response.json()
    assert body["title"] == "Edited title"
    assert body["body"] == "<p>edited</p>\n"
    assert [t["name"] for t in body["tags"]] == ["edited"]
    assert body["lastEditor"]["id"] == user.pk


def test_update_validation(writer, team):
    client, user = writer
    question = QuestionFactory(team=team, owner=user)
    response = client.put(question_url(question, team=team), {"title": "only a title"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert {"body", "tags"} <= set(response.json()["errors"])


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("owner", HTTPStatus.NO_CONTENT),
        ("admin", HTTPStatus.NO_CONTENT),
        ("member", HTTPStatus.FORBIDDEN),
    ],
)
def test_who_may_delete(make_pat, api_client, team, who, expected):
    question = QuestionFactory(team=team)
    user = {
        "owner": question.owner,
        "admin": MembershipFactory(team=team, role=Membership.Role.ADMIN).user,
        "member": MembershipFactory(team=team).user,
    }[who]
    _, code = make_pat(team=team, user=user, can_write=True)
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {code}")
    response = api_client.delete(question_url(question, team=team))
    assert response.status_code == expected
    if expected == HTTPStatus.FORBIDDEN:
        assert response.json()["detail"] == EDIT_NOT_ALLOWED_MESSAGE
        assert Question.objects.filter(pk=question.pk).exists()
    else:
        assert not Question.objects.filter(pk=question.pk).exists()
        assert response.content == b""


def test_other_member_may_not_update(writer, team):
    question = QuestionFactory(team=team)
    response = writer[0].put(question_url(question, team=team), NEW_QUESTION)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json()["detail"] == EDIT_NOT_ALLOWED_MESSAGE


# --- Votes -------------------------------------------------------------------------------


def test_upvote_then_downvote_then_withdraw(writer, team):
    client, _user = writer
    question = QuestionFactory(team=team)
    Membership.objects.filter(team=team, user=question.owner).update(reputation=100)
    up = question_url(question, "api:question-upvote", team=team)
    down = question_url(question, "api:question-downvote", team=team)

    for _ in range(2):  # idempotent
        response = client.post(up)
        assert response.status_code == HTTPStatus.OK
        body = response.json()
        assert set(body) == QUESTION_FIELDS
        assert (body["score"], body["userHasUpvoted"], body["userHasDownvoted"]) == (1, True, False)
        assert body["owner"]["reputation"] == 105

    body = client.post(down).json()
    assert (body["score"], body["userHasUpvoted"], body["userHasDownvoted"]) == (-1, False, True)
    assert body["owner"]["reputation"] == 98
    body = client.delete(down).json()
    assert (body["score"], body["userHasUpvoted"], body["userHasDownvoted"]) == (0, False, False)
    assert body["owner"]["reputation"] == 100
    assert not Vote.objects.exists()


def test_self_vote_is_refused(writer, team):
    client, user = writer
    question = QuestionFactory(team=team, owner=user)
    response = client.post(question_url(question, "api:question-upvote", team=team))
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json()["detail"] == SELF_VOTE_MESSAGE
    assert not Vote.objects.exists()


def test_vote_on_other_teams_question_is_404(writer, team):
    other = QuestionFactory()
    response = writer[0].post(question_url(other, "api:question-upvote", team=team))
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not Vote.objects.exists()


def test_vote_shows_only_the_callers_own_vote(writer, pat_client, team):
    question = QuestionFactory(team=team)
    writer[0].post(question_url(question, "api:question-upvote", team=team))
    other_client, _ = pat_client(team=team)
    body = other_client.get(question_url(question, team=team)).json()
    assert (body["score"], body["userHasUpvoted"]) == (1, False)


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        (b'{"title": "\\ud800 lone surrogate", "body": "b", "tags": ["a"]}', "title"),
        (b'{"title": "a title", "body": "NUL \\u0000 byte", "tags": ["a"]}', "body"),
    ],
)
def test_text_postgresql_cannot_store_is_400(writer, team, raw, field):
    response = writer[0].generic("POST", questions_url(team), raw, "application/json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert field in response.json()["errors"]


@pytest.mark.parametrize("params", [{"partialName": "a\x00b"}, {"query": "a\x00b"}])
def test_nul_in_query_parameters_is_400(reader, team, params):
    name = "api:tags" if "partialName" in params else "api:search"
    response = reader[0].get(reverse(name, kwargs={"team": team.slug}), params)
    assert response.status_code == HTTPStatus.BAD_REQUEST

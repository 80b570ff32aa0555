"""Our API v3 against the official Stack Internal API v3 document (see tests/contract.py).

Two tables grow as operations land:

- `NOT_YET_ROUTED`: official team operations that are not built yet. The routing test
  fails for an operation listed there that is routed (take it off the list), and for one
  neither routed nor listed.
- `SHAPES`: one row per routed operation, a call with valid inputs whose response must be
  one the document allows. An operation that is routed and has no row fails
  `test_every_routed_operation_has_a_shape_row`. Where our response differs from the
  document on purpose or not yet fixed, the row names each mismatch (`known=`): it is
  then a strict xfail that fails as soon as the mismatches are not exactly those.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse, JsonResponse
from PIL import Image as PILImage
from rest_framework.test import APIClient

from content import services
from content.models import Answer, Question, Tag, Vote
from teams.models import Membership, Team
from tests.contract import (
    OFFICIAL_TEAM_OPERATIONS,
    PATH_FORMS,
    TEAM_PREFIX,
    ContractError,
    assert_official_component,
    assert_official_response,
    example_path_values,
    operation_url,
    routing_problem,
)
from tests.factories import (
    AnswerFactory,
    CommentFactory,
    MembershipFactory,
    QuestionFactory,
    TeamFactory,
    make_token,
)

pytestmark = pytest.mark.django_db

# Operations of the document deliberately not served, with the reason: none.
NOT_YET_ROUTED: dict[tuple[str, str], str] = {}


def _example_url(method: str, template: str, *, team: str | None) -> str:
    return operation_url(template, example_path_values(method, template), team=team)


def _op_id(operation: tuple[str, str]) -> str:
    method, template = operation
    return f"{method} {template.removeprefix(TEAM_PREFIX)}"


# --- Routing -----------------------------------------------------------------------------


def test_not_yet_routed_lists_only_official_operations():
    assert set(NOT_YET_ROUTED) <= set(OFFICIAL_TEAM_OPERATIONS)


@pytest.mark.parametrize("form", PATH_FORMS)
@pytest.mark.parametrize("operation", OFFICIAL_TEAM_OPERATIONS, ids=_op_id)
def test_every_official_team_operation_is_routed(operation, form, team, pat_client):
    method, template = operation
    url = _example_url(method, template, team=team.slug if form == "team" else None)
    problem = routing_problem(method, template, url)

    if operation in NOT_YET_ROUTED:
        assert problem is not None, (
            f"{method} {url} is routed now: take it off NOT_YET_ROUTED and add its SHAPES row"
        )
        return
    assert problem is None, f"{method} {url} is not routed ({problem}) nor in NOT_YET_ROUTED"
    # Routed: whatever the view answers (400, 404 for a missing object…), it is not a 405.
    client, _ = pat_client(team=team, can_write=True)
    response = client.generic(method, url)
    assert response.status_code != HTTPStatus.METHOD_NOT_ALLOWED


# --- Response shapes ---------------------------------------------------------------------


@dataclass
class ContractData:
    """A Business team with content in every state the routed operations show.

    `question` (by `asker`, tags widgets and python) has `accepted` (by `answerer`, edited
    by `admin`, upvoted by `asker`) and `second` (by `voter`); `voter` upvoted `question`;
    both `question` and `accepted` have a comment. `other` (by `answerer`) is unanswered.
    """

    team: Team
    admin: Any
    asker: Any
    answerer: Any
    voter: Any
    question: Question
    other: Question
    accepted: Answer
    second: Answer
    tag: Tag
    _clients: dict = field(default_factory=dict)

    def client(self, who: str) -> APIClient:
        """An API client with a read/write token of the user named `who`."""
        if who not in self._clients:
            _, code = make_token(user=getattr(self, who), team=self.team, can_write=True)
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {code}")
            self._clients[who] = client
        return self._clients[who]


@pytest.fixture
def data(db) -> ContractData:
    team = TeamFactory()
    admin = MembershipFactory(team=team, role=Membership.Role.ADMIN).user
    asker, answerer, voter = (MembershipFactory(team=team).user for _ in range(3))
    question = QuestionFactory(team=team, owner=asker, tags=["widgets", "python"])
    other = QuestionFactory(team=team, owner=answerer, tags=["widgets"])
    accepted = AnswerFactory(question=question, owner=answerer)
    second = AnswerFactory(question=question, owner=voter)
    services.answer_update(answer=accepted, user=admin, body="Edited: run `widget --fix`.")
    services.answer_accept(answer=accepted, user=asker)
    services.vote_cast(user=voter, question=question, value=Vote.UP)
    services.vote_cast(user=asker, answer=accepted, value=Vote.UP)
    CommentFactory(question=question, owner=voter)
    CommentFactory(question=question, answer=accepted, owner=asker)
    return ContractData(
        team=team,
        admin=admin,
        asker=asker,
        answerer=answerer,
        voter=voter,
        question=question,
        other=other,
        accepted=accepted,
        second=second,
        tag=Tag.objects.get(team=team, name="widgets"),
    )


@dataclass(frozen=True)
class Known:
    """Where our response differs from the document (JSON paths, `[*]` for any index)."""

    paths: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class Shape:
    """One call of an operation with valid inputs, and the success status it must give.

    `caller` is the `ContractData` user who calls (the content rules decide who may
    write: owners edit, nobody votes on their own post, the asker accepts).
    """

    method: str
    path: str  # the official template without `/teams/{team}`
    params: Callable[[ContractData], dict]
    status: HTTPStatus
    caller: str = "voter"
    body: dict | Callable[[ContractData], dict] | None = None
    multipart: bool = False  # send `body` as multipart/form-data (uploads)
    query: dict | None = None
    known: Known | None = None

    @property
    def operation(self) -> tuple[str, str]:
        return (self.method, TEAM_PREFIX + self.path)


def _none(d):
    return {}


def _question(d):
    return {"questionId": d.question.pk}


def _accepted(d):
    return {"questionId": d.question.pk, "answerId": d.accepted.pk}


def _second(d):
    return {"questionId": d.question.pk, "answerId": d.second.pk}


def _png(name: str = "pixel.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (2, 2), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def _image(d):
    image = services.image_create(team=d.team, owner=d.asker, upload=_png())
    return {"imageId": str(image.public_id)}


def _linked(d):
    """`other` links to `question` from its body, so both have a linked question."""
    body = f"Same as [this one](/questions/{d.question.pk}/)."
    services.question_update(
        question=d.other, user=d.answerer, title=d.other.title, body=body, tags=["widgets"]
    )
    return {"questionId": d.question.pk}


def _group(d):
    group = services.user_group_create(
        team=d.team, user=d.admin, name="Widget experts", user_ids=[d.answerer.pk, d.voter.pk]
    )
    return {"userGroupId": group.pk}


def _group_member(d):
    return {**_group(d), "userId": d.voter.pk}


def _collection(d):
    group = services.user_group_create(team=d.team, user=d.admin, name="Editors", user_ids=[])
    collection = services.collection_create(
        team=d.team,
        user=d.asker,
        title="Widget basics",
        description="Start here.",
        editor_user_ids=[d.answerer.pk],
        editor_group_ids=[group.pk],
        content_ids=[d.question.pk, d.other.pk],
    )
    return {"collectionId": collection.pk}


def _article(d):
    """An article by `asker` that links to `question` and has a comment by `voter`."""
    article = services.article_create(
        team=d.team,
        user=d.asker,
        title="Widget handbook",
        body=f"Read [the FAQ](/questions/{d.question.pk}/) first.",
        tags=["widgets"],
        type="howToGuide",
        editable_by="specificEditors",
        editor_user_ids=[d.answerer.pk],
    )
    services.comment_create(article=article, user=d.voter, body="Very useful.")
    return {"articleId": article.pk}


def _smes(d):
    """`answerer` and the group "Widget experts" are the SMEs of the tag."""
    group = services.user_group_create(team=d.team, user=d.admin, name="Widget experts")
    services.tag_smes_assign(tag=d.tag, user_ids=[d.answerer.pk], group_ids=[group.pk])
    return {"tagId": d.tag.pk, "userId": d.answerer.pk, "userGroupId": group.pk}


def _watched(d):
    services.tag_watch(tag=d.tag, user=d.voter)
    return {"tagId": d.tag.pk, "userId": d.voter.pk}


def _external_id(d):
    d.asker.external_id = "okta|00u1"
    d.asker.save(update_fields=["external_id"])
    return {"externalId": d.asker.external_id}


def _new_group_ids(d):
    return [services.user_group_create(team=d.team, user=d.admin, name="Reviewers").pk]


# The document gives one TagSummaryResponseModel for "the tags a user watches"; a user
# watches many, so we answer the array of them (each item that model).
WATCHED_TAGS = Known(("$",), "watched-tags: an array of TagSummaryResponseModel, not one")
FLAG_BODY = {"optionId": 1}  # spam
ARTICLE_BODY = {
    "title": "Widget policy",
    "body": "Widgets are **configured** centrally.",
    "tags": ["widgets", "policy"],
    "type": "policy",
    "permissions": {"editableBy": "everyone"},
}
GROUP_BODY = {"name": "Reviewers", "description": "They review.", "userIds": []}
COLLECTION_BODY = {"title": "Widget FAQ", "description": "Answers.", "contentIds": []}
QUESTION_BODY = {
    "title": "How do I reset a widget to its defaults?",
    "body": "I changed `widget.conf` and want the defaults back.",
    "tags": ["widgets"],
}
ANSWER_BODY = {"body": "Delete `widget.conf`; the defaults come back on restart."}
OK, CREATED, NO_CONTENT = HTTPStatus.OK, HTTPStatus.CREATED, HTTPStatus.NO_CONTENT
Q = "/questions/{questionId}"
A = Q + "/answers/{answerId}"
G = "/user-groups/{userGroupId}"
AR = "/articles/{articleId}"
T = "/tags/{tagId}"
C = "/collections/{collectionId}"

# fmt: off
SHAPES = [
    Shape("GET", "/questions", _none, OK),
    Shape("POST", "/questions", _none, CREATED, body=QUESTION_BODY),
    Shape("GET", Q, _question, OK),
    Shape("PUT", Q, _question, OK, caller="asker", body=QUESTION_BODY),
    Shape("DELETE", Q, _question, NO_CONTENT, caller="asker"),
    Shape("POST", Q + "/upvote", _question, OK, caller="answerer"),
    Shape("DELETE", Q + "/upvote", _question, OK),
    Shape("POST", Q + "/downvote", _question, OK, caller="answerer"),
    Shape("DELETE", Q + "/downvote", _question, OK),
    Shape("GET", Q + "/comments", _question, OK),
    Shape("GET", Q + "/answers", _question, OK),
    Shape("POST", Q + "/answers", _question, CREATED, caller="admin", body=ANSWER_BODY),
    Shape("GET", A, _accepted, OK),
    Shape("PUT", A, _accepted, OK, caller="answerer", body=ANSWER_BODY),
    Shape("DELETE", A, _second, NO_CONTENT),
    Shape("POST", A + "/upvote", _accepted, OK),
    Shape("DELETE", A + "/upvote", _accepted, OK, caller="asker"),
    Shape("POST", A + "/downvote", _accepted, OK),
    Shape("DELETE", A + "/downvote", _accepted, OK),
    Shape("POST", A + "/accept", _second, OK, caller="asker"),
    Shape("DELETE", A + "/accept", _accepted, OK, caller="asker"),
    Shape("GET", A + "/comments", _accepted, OK),
    Shape("GET", Q + "/linked", _linked, OK),
    Shape("GET", Q + "/related", _question, OK),
    Shape("POST", Q + "/bookmark", _question, CREATED),
    Shape("DELETE", Q + "/bookmark", _question, OK),
    Shape("GET", Q + "/flags/options", _question, OK),
    Shape("POST", Q + "/flags", _question, OK, body=FLAG_BODY),
    Shape("GET", A + "/flags/options", _accepted, OK),
    Shape("POST", A + "/flags", _accepted, OK, body=FLAG_BODY),
    Shape("GET", "/user-groups", lambda d: _group(d) and {}, OK),
    Shape("POST", "/user-groups", _none, CREATED, caller="admin",
          body=lambda d: {**GROUP_BODY, "userIds": [d.asker.pk]}),
    Shape("GET", G, _group, OK),
    Shape("PUT", G, _group, OK, caller="admin", body=GROUP_BODY),
    Shape("POST", G + "/members", _group, OK, caller="admin", body=lambda d: [d.asker.pk]),
    Shape("DELETE", G + "/members/{userId}", _group_member, OK, caller="admin"),
    Shape("GET", "/collections", lambda d: _collection(d) and {}, OK),
    Shape("POST", "/collections", _none, CREATED,
          body=lambda d: {**COLLECTION_BODY, "contentIds": [d.question.pk]}),
    Shape("GET", C, _collection, OK),
    Shape("PUT", C, _collection, OK, caller="asker", body=COLLECTION_BODY),
    Shape("DELETE", C, _collection, NO_CONTENT, caller="asker"),
    Shape("GET", "/articles", lambda d: _article(d) and {}, OK),
    Shape("POST", "/articles", _none, CREATED, body=ARTICLE_BODY),
    Shape("GET", AR, _article, OK),
    Shape("PUT", AR, _article, OK, caller="asker", body=ARTICLE_BODY),
    Shape("DELETE", AR, _article, NO_CONTENT, caller="asker"),
    Shape("GET", AR + "/linked-questions", _article, OK),
    Shape("POST", AR + "/upvote", _article, OK),
    Shape("DELETE", AR + "/upvote", _article, OK),
    Shape("GET", AR + "/comments", _article, OK),
    Shape("GET", "/tags", _none, OK),
    Shape("GET", T + "/subject-matter-experts", lambda d: {"tagId": _smes(d)["tagId"]}, OK),
    Shape("PUT", T + "/subject-matter-experts", lambda d: {"tagId": _smes(d)["tagId"]}, OK,
          caller="admin", body=lambda d: {"userIds": [d.asker.pk], "userGroupIds": []}),
    Shape("POST", T + "/subject-matter-experts/users", lambda d: {"tagId": d.tag.pk}, OK,
          caller="admin", body=lambda d: [d.voter.pk]),
    Shape("POST", T + "/subject-matter-experts/user-groups", lambda d: {"tagId": d.tag.pk}, OK,
          caller="admin", body=_new_group_ids),
    Shape("DELETE", T + "/subject-matter-experts/users/{userId}",
          lambda d: {k: v for k, v in _smes(d).items() if k != "userGroupId"}, NO_CONTENT,
          caller="admin"),
    Shape("DELETE", T + "/subject-matter-experts/user-groups/{userGroupId}",
          lambda d: {k: v for k, v in _smes(d).items() if k != "userId"}, NO_CONTENT,
          caller="admin"),
    Shape("GET", T + "/tag-watchers", lambda d: {"tagId": _watched(d)["tagId"]}, OK),
    Shape("GET", "/users/{userId}/watched-tags", lambda d: {"userId": _watched(d)["userId"]},
          OK, known=WATCHED_TAGS),
    Shape("GET", "/users/by-external-id/{externalId}", _external_id, OK, caller="admin"),
    Shape("GET", "/tags/{tagId}", lambda d: {"tagId": d.tag.pk}, OK),
    Shape("GET", "/users", _none, OK),
    Shape("GET", "/users/me", _none, OK),
    Shape("GET", "/users/{userId}", lambda d: {"userId": d.asker.pk}, OK, caller="admin"),
    Shape("GET", "/users/by-email/{email}", lambda d: {"email": d.asker.email}, OK,
          caller="admin"),
    Shape("GET", "/search", lambda d: _article(d) and {}, OK, query={"query": "widget"}),
    Shape("POST", "/images/upload", _none, OK, body=lambda d: {"file": _png()}, multipart=True),
    Shape("GET", "/images/{imageId}", _image, OK),
]
# fmt: on


def _shape_params() -> list:
    """Every row of a routed operation, in both path forms; rows with known mismatches
    are strict xfails that only a `ContractError` satisfies."""
    params = []
    for shape in SHAPES:
        if shape.operation in NOT_YET_ROUTED:
            continue
        marks = []
        if shape.known:
            marks = [pytest.mark.xfail(strict=True, raises=ContractError, reason=shape.known.why)]
        for form in PATH_FORMS:
            name = f"{_op_id(shape.operation)} [{form}]"
            params.append(pytest.param(shape, form, marks=marks, id=name))
    return params


def test_every_routed_operation_has_a_shape_row():
    routed = {
        (method, template)
        for method, template in OFFICIAL_TEAM_OPERATIONS
        if routing_problem(method, template, _example_url(method, template, team="t")) is None
    }
    rows = [shape.operation for shape in SHAPES]
    assert len(rows) == len(set(rows)), "one SHAPES row per operation"
    assert not routed - set(rows), f"routed without a SHAPES row: {sorted(routed - set(rows))}"
    assert not set(rows) - routed, f"SHAPES rows of unrouted operations: {set(rows) - routed}"


@pytest.mark.parametrize(("shape", "form"), _shape_params())
def test_official_response_shapes(shape, form, data):
    method, template = shape.operation
    slug = data.team.slug if form == "team" else None
    url = operation_url(template, shape.params(data), team=slug)
    call = getattr(data.client(shape.caller), method.lower())
    body = shape.body(data) if callable(shape.body) else shape.body
    sent = {"data": body, "format": "multipart" if shape.multipart else "json"}
    if method == "GET":
        sent = {"data": shape.query}

    response = call(url, **sent)
    if response.streaming:  # file responses (images): read the body once, as a client does
        response = HttpResponse(
            b"".join(response.streaming_content),
            status=response.status_code,
            content_type=response["Content-Type"],
        )

    assert response.status_code == shape.status, response.content[:500]
    if response.content and response["Content-Type"].startswith("application/json"):
        body = response.json()
        items = body if isinstance(body, list) else body.get("items", [None])
        assert items, "an empty list would not exercise the schema of its items"
    try:
        assert_official_response(method, template, response)
    except ContractError as error:
        found = {mismatch.pattern for mismatch in error.mismatches}
        if shape.known and found != set(shape.known.paths):
            # Not a ContractError, so not the expected failure of the xfail: a real one.
            raise AssertionError(
                f"the known mismatches changed: now {sorted(found)}, "
                f"SHAPES says {sorted(shape.known.paths)}\n{error}"
            ) from None
        raise


def test_watched_tags_are_each_an_official_tag_summary(data):
    """The one deliberate difference (see `WATCHED_TAGS`): the items still follow the
    document's `TagSummaryResponseModel`, the model it names for this operation."""
    params = _watched(data)
    services.tag_watch(tag=Tag.objects.get(team=data.team, name="python"), user=data.voter)
    url = operation_url(
        "/teams/{team}/users/{userId}/watched-tags", {"userId": params["userId"]}, team=None
    )
    body = data.client("asker").get(url).json()
    assert [tag["name"] for tag in body] == ["python", "widgets"]
    for tag in body:
        assert_official_component("TagSummaryResponseModel", tag)


# --- The harness itself ------------------------------------------------------------------

_QUESTION = ("GET", "/teams/{team}/questions/{questionId}")


def test_harness_lists_every_team_operation_of_the_document():
    assert len(OFFICIAL_TEAM_OPERATIONS) == 68
    assert ("GET", "/teams/{team}/questions") in OFFICIAL_TEAM_OPERATIONS
    assert all(template.startswith("/teams/{team}/") for _, template in OFFICIAL_TEAM_OPERATIONS)


def test_harness_builds_both_url_forms():
    template = "/teams/{team}/users/by-email/{email}"
    assert (
        operation_url(template, {"email": "a@b.c"}, team="t")
        == "/api/v3/teams/t/users/by-email/a%40b.c"
    )
    assert operation_url(template, {"email": "a@b.c"}) == "/api/v3/users/by-email/a%40b.c"
    with pytest.raises(ValueError, match="needs a value"):
        operation_url(template, {})


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"creationDate": "2024-05-01 10:00"}, "$.creationDate"),  # not RFC 3339
        ({"score": None}, "$.score"),  # not nullable
        ({"tags": [{"id": "7"}]}, "$.tags[0].id"),
        ({"owner": {"name": "x", "karma": 1}}, "$.owner.karma"),  # additionalProperties: false
    ],
)
def test_harness_reports_each_mismatch_with_its_path(body, path):
    with pytest.raises(ContractError) as error:
        assert_official_response(*_QUESTION, JsonResponse(body))
    assert [m.path for m in error.value.mismatches] == [path]
    assert path in str(error.value)


def test_harness_accepts_null_where_the_document_allows_it():
    body = {
        "lastActivityDate": None,  # nullable: true
        "lastEditor": None,  # a bare $ref to an object: see NULLABLE_OBJECT_REFS
        "bounty": None,
        "creationDate": "2024-05-01T10:00:00.123456Z",
    }
    assert_official_response(*_QUESTION, JsonResponse(body))


def test_harness_checks_status_content_type_and_empty_bodies():
    delete = ("DELETE", "/teams/{team}/questions/{questionId}")
    assert_official_response(*delete, HttpResponse(status=204))
    with pytest.raises(ContractError, match="declares no body"):
        assert_official_response(*delete, HttpResponse(b"{}", status=204))
    with pytest.raises(ContractError, match="status not declared"):
        assert_official_response(*_QUESTION, JsonResponse({}, status=418))
    with pytest.raises(ContractError, match="content type"):
        assert_official_response(*_QUESTION, HttpResponse(b"{}", content_type="text/html"))


def test_harness_tells_a_missing_route_from_a_missing_handler():
    questions = "/teams/{team}/questions"
    assert routing_problem("GET", questions, "/api/v3/teams/t/questions") is None
    assert routing_problem("GET", questions, "/api/v3/questions") is None
    assert "no route" in routing_problem("GET", "/teams/{team}/widgets", "/api/v3/widgets")
    tag = "/teams/{team}/tags/{tagId}"
    assert "no PUT handler" in routing_problem("PUT", tag, "/api/v3/tags/1")

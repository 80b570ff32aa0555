"""Issue 11, hardening of the API's input and errors (items 1, 5, 6, 7 and 8): each case
here was a 500, an HTML page, a 406 or a silent fallback before."""

import json
import logging
from http import HTTPStatus

import pytest
import yaml
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.test import RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

import content.api_v3.users
import tokens.authentication
from config.errors import server_error
from content.api_v2.base import V2Api
from content.api_v3.serializers.common import BLANK_PARAMETER_MESSAGE, STRING_MESSAGE
from content.models import Article, Collection, Question, UserGroup
from content.services.texts import CONTROL_CHARACTER_MESSAGE, MULTILINE_CONTROL_CHARACTER_MESSAGE
from teams.models import Membership
from tests.factories import MembershipFactory, QuestionFactory
from tokens.errors import (
    OUTAGE_RETRY_AFTER_SECONDS,
    PROBLEM_CONTENT_TYPE,
    SERVER_ERROR_MESSAGE,
    UNAVAILABLE_MESSAGE,
)
from tokens.parsers import MAX_JSON_DEPTH, NESTING_MESSAGE

pytestmark = pytest.mark.django_db

NEW_QUESTION = {"title": "How do I rotate a token?", "body": "Mine is old.", "tags": ["tokens"]}


@pytest.fixture
def writer(make_pat, team):
    """A write client of a team admin (user groups and collections are theirs to make)."""
    user = MembershipFactory(team=team, role=Membership.Role.ADMIN).user
    _, code = make_pat(user=user, team=team, can_write=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {code}")
    return client


@pytest.fixture
def v2_writer(make_pat, team):
    _, code = make_pat(team=team, can_write=True)
    client = APIClient()
    client.credentials(HTTP_X_API_ACCESS_TOKEN=code)
    return client


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    body = json.loads(response.content)
    assert body["status"] == status
    return body


def v2_error(response, status: int, error_id: int, name: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = json.loads(response.content)
    assert (body["error_id"], body["error_name"]) == (error_id, name)
    return body


def nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


# --- 1. Deeply nested JSON ----------------------------------------------------------------


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 1000, 100_000])
def test_deeply_nested_json_is_a_400_problem_on_v3(writer, team, depth):
    body = b'{"title": "t", "body": "b", "tags": ' + nested(depth) + b"}"
    response = writer.generic("POST", reverse("api:questions"), body, "application/json")
    assert problem(response, HTTPStatus.BAD_REQUEST)["detail"] == NESTING_MESSAGE
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    "name", ["api:questions", "api:articles", "api:collections", "api:user-groups"]
)
def test_every_v3_write_refuses_a_nested_body(writer, name):
    response = writer.generic("POST", reverse(name), nested(1000), "application/json")
    assert problem(response, HTTPStatus.BAD_REQUEST)["detail"] == NESTING_MESSAGE


def test_deeply_nested_json_is_a_400_bad_parameter_on_v2(v2_writer, team):
    body = b'{"title": "t", "body": "b", "tags": ' + nested(1000) + b"}"
    response = v2_writer.generic("POST", "/api/2.3/articles/add", body, "application/json")
    v2_error(response, HTTPStatus.BAD_REQUEST, 400, "bad_parameter")
    assert not Article.objects.exists()


def test_nesting_up_to_the_limit_is_still_parsed(writer):
    # Reaches the serializer, which names the field (tags must be strings).
    body = b'{"title": "t", "body": "b", "tags": ' + nested(MAX_JSON_DEPTH - 1) + b"}"
    response = writer.generic("POST", reverse("api:questions"), body, "application/json")
    assert "tags" in problem(response, HTTPStatus.BAD_REQUEST)["errors"]


# --- 5. problem+json in the schema and in Accept ------------------------------------------


def test_schema_documents_every_v3_error_body_as_problem_json(client):
    schema = yaml.safe_load(client.get(reverse("api-schema")).content)
    errors = successes = 0
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for code, response in operation.get("responses", {}).items():
                media_types = set(response.get("content", {}))
                if str(code).startswith(("4", "5")):
                    errors += bool(media_types)
                    assert media_types <= {PROBLEM_CONTENT_TYPE}, (method, path, code)
                else:
                    successes += bool(media_types)
                    assert PROBLEM_CONTENT_TYPE not in media_types, (method, path, code)
    assert errors > 100 and successes > 50


def test_accept_problem_json_is_served(writer, team):
    QuestionFactory(team=team)
    accept = {"HTTP_ACCEPT": PROBLEM_CONTENT_TYPE}

    ok = writer.get(reverse("api:questions"), **accept)
    assert ok.status_code == HTTPStatus.OK
    assert ok["Content-Type"] == "application/json"  # a success is no problem
    assert ok.json()["totalCount"] == 1

    missing = writer.get(reverse("api:question-detail", kwargs={"questionId": 999_999}), **accept)
    problem(missing, HTTPStatus.NOT_FOUND)
    bad = writer.get(reverse("api:questions"), {"sort": "nope"}, **accept)
    assert "sort" in problem(bad, HTTPStatus.BAD_REQUEST)["errors"]
    anonymous = APIClient().get(reverse("api:questions"), **accept)
    problem(anonymous, HTTPStatus.UNAUTHORIZED)


@pytest.mark.parametrize(
    "accept",
    [
        f"application/json, {PROBLEM_CONTENT_TYPE}",
        f"{PROBLEM_CONTENT_TYPE};q=0.9, application/json",
    ],
)
def test_accept_with_both_media_types(writer, accept):
    response = writer.get(reverse("api:users-me"), HTTP_ACCEPT=accept)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/json"


def test_accept_problem_json_on_every_v3_get_list(writer, team):
    names = ["questions", "articles", "tags", "users", "user-groups", "collections", "search"]
    for name in names:
        response = writer.get(reverse(f"api:{name}"), HTTP_ACCEPT=PROBLEM_CONTENT_TYPE)
        assert response.status_code == HTTPStatus.OK, (name, response.content)
    me = writer.get(reverse("api:me-token"), HTTP_ACCEPT=PROBLEM_CONTENT_TYPE)
    assert me.status_code == HTTPStatus.OK


# --- 6. Errors that were HTML -------------------------------------------------------------


def _boom(*args, **kwargs):
    raise RuntimeError("a bug in a view")


def _outage(*args, **kwargs):
    raise OperationalError("connection to server failed: Connection refused")


@pytest.fixture
def no_raise(writer):
    """The writer's client, answering as the server would (no exception re-raised)."""
    writer.raise_request_exception = False
    return writer


def test_a_500_in_a_v3_view_is_a_problem(no_raise, monkeypatch, caplog, settings):
    settings.DEBUG = False
    monkeypatch.setattr(content.api_v3.users, "member_get", _boom)
    caplog.set_level(logging.ERROR, logger="django.request")
    response = no_raise.get(reverse("api:users-me"))
    assert problem(response, HTTPStatus.INTERNAL_SERVER_ERROR)["detail"] == SERVER_ERROR_MESSAGE
    # Still reported, with its traceback (token codes filtered: see test_reporting.py).
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.exc_info and record.exc_info[0] is RuntimeError


def test_a_500_in_a_v2_view_is_the_v2_wrapper(v2_writer, monkeypatch):
    monkeypatch.setattr(V2Api, "wrap", _boom)
    v2_writer.raise_request_exception = False
    response = v2_writer.get("/api/2.3/me")
    v2_error(response, HTTPStatus.INTERNAL_SERVER_ERROR, 500, "internal_error")


def test_a_500_outside_the_api_keeps_djangos_page(rf):
    try:
        raise RuntimeError("a bug in a page")
    except RuntimeError:
        response = server_error(rf.get("/questions/"))
    assert response.status_code == HTTPStatus.INTERNAL_SERVER_ERROR
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_outage_during_authentication_is_a_503_problem(
    no_raise, monkeypatch, caplog, settings, error
):
    def down(*args, **kwargs):
        raise error("connection already closed")

    settings.DEBUG = True  # answered by the API's handler, not by Django's debug page
    monkeypatch.setattr(tokens.authentication, "token_get_for_authentication", down)
    caplog.set_level(logging.ERROR)
    response = no_raise.get(reverse("api:questions"))
    assert problem(response, HTTPStatus.SERVICE_UNAVAILABLE)["detail"] == UNAVAILABLE_MESSAGE
    assert response["Retry-After"] == str(OUTAGE_RETRY_AFTER_SECONDS)
    assert any("Database unavailable" in r.getMessage() for r in caplog.records)


def test_outage_when_the_connection_fails_is_a_503_problem(no_raise, monkeypatch):
    monkeypatch.setattr(type(connections["default"]), "cursor", _outage)
    response = no_raise.get(reverse("api:questions"))
    problem(response, HTTPStatus.SERVICE_UNAVAILABLE)
    assert response["Retry-After"] == str(OUTAGE_RETRY_AFTER_SECONDS)


def test_outage_inside_a_v3_view_is_a_503_problem(no_raise, monkeypatch):
    monkeypatch.setattr(content.api_v3.users, "member_get", _outage)
    response = no_raise.get(reverse("api:users-me"))
    problem(response, HTTPStatus.SERVICE_UNAVAILABLE)
    assert response["Retry-After"] == str(OUTAGE_RETRY_AFTER_SECONDS)


def test_outage_on_v2_is_temporarily_unavailable(v2_writer, monkeypatch):
    monkeypatch.setattr(type(connections["default"]), "cursor", _outage)
    v2_writer.raise_request_exception = False
    response = v2_writer.get("/api/2.3/questions")
    v2_error(response, HTTPStatus.SERVICE_UNAVAILABLE, 503, "temporarily_unavailable")
    assert response["Retry-After"] == str(OUTAGE_RETRY_AFTER_SECONDS)


@pytest.mark.parametrize(
    ("path", "shape"), [("/api/v3/questions", "problem"), ("/api/2.3/questions", "v2")]
)
def test_outage_outside_a_view_is_a_503_in_the_faces_shape(rf, path, shape):
    # handler500: an outage that no view's exception handler saw (a middleware's query).
    try:
        _outage()
    except OperationalError:
        response = server_error(rf.get(path))
    assert response["Retry-After"] == str(OUTAGE_RETRY_AFTER_SECONDS)
    if shape == "problem":
        problem(response, HTTPStatus.SERVICE_UNAVAILABLE)
    else:
        v2_error(response, HTTPStatus.SERVICE_UNAVAILABLE, 503, "temporarily_unavailable")


@pytest.mark.parametrize("path", ["/api/v3/questions/abc", "/api/v3/nothing/here", "/api/x"])
def test_paths_that_are_no_operation_are_404_problems(path):
    problem(APIClient().get(path), HTTPStatus.NOT_FOUND)


# --- 7. Loose input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "param"),
    [
        ("api:questions", "sort"),
        ("api:questions", "order"),
        ("api:questions", "page"),
        ("api:questions", "pageSize"),
        ("api:questions", "pagesize"),
        ("api:questions", "isAnswered"),
        ("api:questions", "authorId"),
        ("api:questions", "from"),
        ("api:questions", "tagId"),
        ("api:articles", "sort"),
        ("api:tags", "sort"),
        ("api:users", "page"),
        ("api:search", "sort"),
        ("api:collections", "permissions"),
    ],
)
def test_blank_query_parameters_are_400_naming_them(writer, name, param):
    response = writer.get(reverse(name), {param: ""})
    body = problem(response, HTTPStatus.BAD_REQUEST)
    assert param in body["errors"], body
    assert body["detail"].startswith(param)


def test_blank_message_for_parameters_that_had_defaults(writer):
    response = writer.get(reverse("api:questions"), {"sort": ""})
    assert problem(response, HTTPStatus.BAD_REQUEST)["errors"] == {
        "sort": [BLANK_PARAMETER_MESSAGE]
    }


def test_a_search_may_still_have_a_blank_query(writer):
    assert writer.get(reverse("api:search"), {"query": ""}).status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("page", "\u0663"),  # Arabic-Indic three
        ("pageSize", "\uff11\uff10"),  # full-width 10
        ("pagesize", "\u0967\u0966"),  # Devanagari 10
        ("authorId", "\u0661"),
        ("tagId", "\u0661"),
        ("page", "1_0"),
    ],
)
def test_integers_only_from_ascii_digits(writer, param, value):
    response = writer.get(reverse("api:questions"), {param: value})
    assert param in problem(response, HTTPStatus.BAD_REQUEST)["errors"]


def test_ascii_integers_still_work(writer, team):
    QuestionFactory(team=team)
    response = writer.get(reverse("api:questions"), {"page": " 1 ", "pageSize": "+5"})
    assert response.status_code == HTTPStatus.OK
    assert response.json()["pageSize"] == 5


def test_v2_integers_only_from_ascii_digits(v2_writer):
    for value in ("\u0663", "\uff11", "1_0"):
        response = v2_writer.get("/api/2.3/questions", {"page": value})
        assert "page" in v2_error(response, 400, 400, "bad_parameter")["error_message"]


@pytest.mark.parametrize("value", [5, 1.5, True, None, ["t"], {"a": "b"}])
def test_non_strings_in_string_fields_are_400(writer, value):
    response = writer.post(reverse("api:questions"), {**NEW_QUESTION, "title": value})
    assert "title" in problem(response, HTTPStatus.BAD_REQUEST)["errors"]
    assert not Question.objects.exists()


def test_an_infinite_number_is_no_title(writer):
    raw = json.dumps({**NEW_QUESTION, "title": "X"}).replace('"X"', "1e999").encode()
    response = writer.generic("POST", reverse("api:questions"), raw, "application/json")
    body = problem(response, HTTPStatus.BAD_REQUEST)
    assert body["errors"] == {"title": [STRING_MESSAGE]}
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("name", "payload", "field"),
    [
        ("api:questions", {**NEW_QUESTION, "body": True}, "body"),
        ("api:questions", {**NEW_QUESTION, "tags": [5]}, "tags"),
        ("api:articles", {**NEW_QUESTION, "type": "announcement", "title": 5}, "title"),
        ("api:collections", {"title": 5}, "title"),
        ("api:collections", {"title": "t", "description": 5}, "description"),
        ("api:user-groups", {"name": 5}, "name"),
        ("api:user-groups", {"name": "n", "description": False}, "description"),
    ],
)
def test_strict_strings_on_every_resource(writer, name, payload, field):
    response = writer.post(reverse(name), payload)
    assert field in problem(response, HTTPStatus.BAD_REQUEST)["errors"]


def test_strict_strings_in_answers_and_comments(writer, team):
    question = QuestionFactory(team=team)
    kwargs = {"questionId": question.pk}
    for name in ("api:answers", "api:question-comments"):
        response = writer.post(reverse(name, kwargs=kwargs), {"body": 12345678901234567890})
        assert "body" in problem(response, HTTPStatus.BAD_REQUEST)["errors"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"optionId": "\u0661"}, "optionId"),
        ({"optionId": 1, "comment": 5}, "comment"),
        ({"optionId": 1, "comment": "a\x1bb"}, "comment"),
    ],
)
def test_strict_flags(writer, team, payload, field):
    question = QuestionFactory(team=team)
    path = reverse("api:question-flags", kwargs={"questionId": question.pk})
    assert field in problem(writer.post(path, payload), HTTPStatus.BAD_REQUEST)["errors"]


@pytest.mark.parametrize("character", ["\x00", "\x1b", "\x07", "\x7f", "\x85", "\x9b", "\t", "\n"])
def test_control_characters_in_a_title_are_400_naming_it(writer, character):
    title = f"Deploy{character}ing tokens"
    response = writer.post(reverse("api:questions"), {**NEW_QUESTION, "title": title})
    assert problem(response, HTTPStatus.BAD_REQUEST)["errors"] == {
        "title": [CONTROL_CHARACTER_MESSAGE]
    }


@pytest.mark.parametrize(
    ("name", "payload", "field"),
    [
        ("api:articles", {**NEW_QUESTION, "type": "policy", "title": "a\x1bb"}, "title"),
        ("api:questions", {**NEW_QUESTION, "tags": ["to\x7fkens"]}, "tags"),
        ("api:collections", {"title": "a\x9bb"}, "title"),
        ("api:collections", {"title": "t", "description": "a\x1b[31mb"}, "description"),
        ("api:user-groups", {"name": "a\x00b"}, "name"),
        ("api:user-groups", {"name": "n", "description": "a\x7fb"}, "description"),
        ("api:questions", {**NEW_QUESTION, "body": "a\x1bb"}, "body"),
    ],
)
def test_control_characters_in_every_resource(writer, name, payload, field):
    response = writer.post(reverse(name), payload)
    assert field in problem(response, HTTPStatus.BAD_REQUEST)["errors"]
    assert not (Question.objects.exists() or Collection.objects.exists())
    assert not UserGroup.objects.exists()


def test_bodies_and_descriptions_keep_tabs_and_line_breaks(writer):
    text = "Line one\r\n\tindented\nline three"
    response = writer.post(reverse("api:questions"), {**NEW_QUESTION, "body": text})
    assert response.status_code == HTTPStatus.CREATED, response.content
    response = writer.post(reverse("api:user-groups"), {"name": "Ops", "description": text})
    assert response.status_code == HTTPStatus.CREATED, response.content
    response = writer.post(reverse("api:questions"), {**NEW_QUESTION, "body": "a\x0bb"})
    assert problem(response, HTTPStatus.BAD_REQUEST)["errors"] == {
        "body": [MULTILINE_CONTROL_CHARACTER_MESSAGE]
    }


# --- 8. HEAD without a body ---------------------------------------------------------------


def served(method: str, path: str, **headers) -> tuple[int, dict, bytes]:
    """(status, headers, body bytes) of a request through Django's WSGI handler, as a WSGI
    server gets them: Django's test client drops HEAD bodies itself, so it cannot tell."""
    environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD=method, **headers)
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started["status"] = int(status.split()[0])
        started["headers"] = dict(response_headers)

    # As Django's test client does: keep the test's transaction and connection open.
    request_started.disconnect(close_old_connections)
    try:
        body = b"".join(WSGIHandler()(environ, start_response))
    finally:
        request_started.connect(close_old_connections)
    return started["status"], started["headers"], body


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v3/questions", HTTPStatus.UNAUTHORIZED),
        ("/api/v3/questions/abc", HTTPStatus.NOT_FOUND),
        ("/api/2.3/questions", HTTPStatus.UNAUTHORIZED),
    ],
)
def test_head_errors_send_no_body(path, status):
    get_status, get_headers, get_body = served("GET", path)
    head_status, head_headers, head_body = served("HEAD", path)
    assert get_status == head_status == status
    assert get_body and head_body == b""
    assert head_headers["Content-Length"] == str(len(get_body))  # what GET would send
    assert head_headers["Content-Type"] == get_headers["Content-Type"]


def test_head_of_a_400_sends_no_body(make_pat, team):
    _, code = make_pat(team=team)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {code}"}
    path = "/api/v3/questions"
    status, _, body = served("GET", path, QUERY_STRING="sort=nope", **auth)
    assert status == HTTPStatus.BAD_REQUEST and b"sort" in body
    status, headers, body = served("HEAD", path, QUERY_STRING="sort=nope", **auth)
    assert status == HTTPStatus.BAD_REQUEST and body == b""
    assert headers["Content-Type"] == PROBLEM_CONTENT_TYPE


def test_head_of_a_success_sends_no_body_either(make_pat, team):
    _, code = make_pat(team=team)
    status, _, body = served("HEAD", "/api/v3/questions", HTTP_AUTHORIZATION=f"Bearer {code}")
    assert status == HTTPStatus.OK and body == b""


def test_get_still_sends_its_body(make_pat, team):
    _, code = make_pat(team=team)
    status, _, body = served("GET", "/api/v3/questions", HTTP_AUTHORIZATION=f"Bearer {code}")
    assert status == HTTPStatus.OK and json.loads(body)["items"] == []


def test_errors_inside_lists_stay_under_their_field_with_their_path():
    from tokens.errors import flat_errors

    nested = {
        "authorIds": {"0": ["A valid integer is required."], "2": ["Too big."]},
        "permissions": {"editableBy": ["Not a choice."]},
        "title": ["Required."],
        "items": [{}, {"id": ["Bad."]}],
    }
    assert flat_errors(nested) == {
        "authorIds": ["0: A valid integer is required.", "2: Too big."],
        "permissions": ["editableBy: Not a choice."],
        "title": ["Required."],
        "items": ["1.id: Bad."],
    }


def test_a_bad_item_of_a_list_parameter_is_a_flat_error(pat_client, team):
    client, _ = pat_client(team=team)
    response = client.get(f"/api/v3/teams/{team.slug}/questions?tagId=1&tagId=x")
    assert response.status_code == 400
    assert response.json()["errors"] == {"tagId": ["1: A valid integer is required."]}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"title": "Escape \x1b[31m here", "body": "Fine.", "tags": "v2"},
            "title",
            CONTROL_CHARACTER_MESSAGE,
        ),
        (
            {"title": "A tab\tin a title", "body": "Fine.", "tags": "v2"},
            "title",
            CONTROL_CHARACTER_MESSAGE,
        ),
        (
            {"title": "Fine title here", "body": "DEL \x7f here", "tags": "v2"},
            "body",
            MULTILINE_CONTROL_CHARACTER_MESSAGE,
        ),
    ],
)
def test_v2_writes_refuse_control_characters_like_v3(team, make_pat, data, field, message):
    from rest_framework.test import APIClient

    _, code = make_pat(team=team, can_write=True)
    client = APIClient()
    client.credentials(HTTP_X_API_ACCESS_TOKEN=code)
    before = Question.objects.count()
    response = client.post("/api/2.3/questions/add", data)
    assert response.status_code == 400, response.content
    assert response.json()["error_message"] == f"{field}: {message}"
    assert Question.objects.count() == before


def test_v2_bodies_keep_tabs_and_line_breaks(team, make_pat):
    from rest_framework.test import APIClient

    _, code = make_pat(team=team, can_write=True)
    client = APIClient()
    client.credentials(HTTP_X_API_ACCESS_TOKEN=code)
    body = "Line one\n\tindented\r\nline three"
    response = client.post(
        "/api/2.3/questions/add", {"title": "Tabs are fine", "body": body, "tags": "v2"}
    )
    assert response.status_code == 200, response.content
    assert Question.objects.get(title="Tabs are fine").body_markdown == body


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"title": "Bell \x07 here", "body": "Fine.", "tags": "v2"},
            "title",
            CONTROL_CHARACTER_MESSAGE,
        ),
        (
            {"title": "Fine title here", "body": "DEL \x7f here", "tags": "v2"},
            "body",
            MULTILINE_CONTROL_CHARACTER_MESSAGE,
        ),
    ],
)
def test_v2_article_writes_refuse_control_characters_too(team, make_pat, data, field, message):
    """The rule is the article services' (article_texts_check), so every face has it."""
    _, code = make_pat(team=team, can_write=True)
    client = APIClient()
    client.credentials(HTTP_X_API_ACCESS_TOKEN=code)
    response = client.post("/api/2.3/articles/add", data)
    assert response.status_code == 400, response.content
    assert response.json()["error_message"] == f"{field}: {message}"
    assert not Article.objects.exists()

"""The MCP endpoint at the HTTP level (Django's test client, in process): the gate, the
transport's rules, tool errors, rate limits, logs, query counts."""

import json
import logging
from http import HTTPStatus

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from content import selectors
from content.agents.tools import UNKNOWN_TOOL_MESSAGE
from content.agents.views import FOREIGN_ORIGIN_MESSAGE, TOO_LARGE_MESSAGE
from content.services.texts import CONTROL_CHARACTER_MESSAGE
from teams.plans import NO_API_ACCESS_MESSAGE, Plan
from tests.content.mcp_support import READ_TOOLS, rpc, tool_result
from tests.factories import AnswerFactory, QuestionFactory, TeamFactory, make_token
from tokens.errors import PROBLEM_CONTENT_TYPE, UNAVAILABLE_MESSAGE

METADATA_URL = "http://testserver/.well-known/oauth-protected-resource/mcp"


@pytest.fixture
def team(db):
    return TeamFactory(slug="acme")


@pytest.fixture
def read_pat(team):
    """A read-only token of the team and its code."""
    return make_token(team=team)


@pytest.fixture
def reader(read_pat):
    return read_pat[1]


@pytest.fixture
def writer(team):
    return make_token(team=team, can_write=True)[1]


def call(client, code, name, arguments, **kwargs):
    return rpc(client, "tools/call", {"name": name, "arguments": arguments}, code=code, **kwargs)


# --- The gate -------------------------------------------------------------------------------


def test_no_token_is_a_401_naming_the_resource_metadata(client, db):
    response = rpc(client, "tools/list")

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert response["WWW-Authenticate"] == (
        f'Bearer realm="api", resource_metadata="{METADATA_URL}"'
    )


def test_a_malformed_token_is_a_401_invalid_token(client, db):
    response = rpc(client, "tools/list", code="tspat_nonsense")

    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert 'error="invalid_token"' in response["WWW-Authenticate"]
    assert f'resource_metadata="{METADATA_URL}"' in response["WWW-Authenticate"]


def test_the_free_plan_is_refused(client, db):
    token, code = make_token(team=TeamFactory(plan=Plan.BASIC))
    token.team.plan = Plan.FREE
    token.team.save()

    response = rpc(client, "tools/list", code=code)

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json()["detail"] == NO_API_ACCESS_MESSAGE
    assert 'error="insufficient_scope"' in response["WWW-Authenticate"]


def test_a_session_cookie_is_not_a_credential(client, member, team):
    client.force_login(member)

    response = rpc(client, "tools/list")

    assert response.status_code == HTTPStatus.UNAUTHORIZED


def test_a_call_refreshes_the_tokens_last_use(client, read_pat):
    token, code = read_pat
    assert token.last_used_at is None

    rpc(client, "tools/list", code=code)

    token.refresh_from_db()
    assert token.last_used_at is not None
    assert (timezone.now() - token.last_used_at).total_seconds() < 60


# --- The transport ----------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "delete", "put"])
def test_a_stateless_endpoint_has_no_stream_and_no_session(client, reader, method):
    code = reader

    response = getattr(client, method)("/mcp", HTTP_AUTHORIZATION=f"Bearer {code}")

    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response["Allow"] == "POST"


def test_a_foreign_origin_is_refused(client, reader):
    code = reader

    response = rpc(client, "tools/list", code=code, headers={"HTTP_ORIGIN": "https://evil.test"})

    assert response.status_code == HTTPStatus.FORBIDDEN
    assert response.json()["detail"] == FOREIGN_ORIGIN_MESSAGE


@pytest.mark.parametrize("origin", ["http://testserver", "http://localhost:6274"])
def test_an_origin_among_the_allowed_hosts_is_served(client, reader, settings, origin):
    settings.ALLOWED_HOSTS = ["testserver", "localhost"]
    code = reader

    response = rpc(client, "tools/list", code=code, headers={"HTTP_ORIGIN": origin})

    assert response.status_code == HTTPStatus.OK


def test_an_unsupported_protocol_version_is_a_400(client, reader):
    code = reader

    response = rpc(
        client, "tools/list", code=code, headers={"HTTP_MCP_PROTOCOL_VERSION": "1999-01-01"}
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_a_body_that_is_not_json_rpc_is_a_parse_error(client, reader):
    code = reader

    response = client.post(
        "/mcp",
        "{not json",
        content_type="application/json",
        HTTP_ACCEPT="application/json",
        HTTP_AUTHORIZATION=f"Bearer {code}",
    )

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["error"]["code"] == -32700


def test_a_body_over_the_limit_is_a_413(client, reader):
    code = reader

    response = call(client, code, "search", {"query": "x" * (1024 * 1024)})

    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert response.json()["detail"] == TOO_LARGE_MESSAGE


def test_notifications_are_accepted_without_a_body(client, reader):
    code = reader

    response = client.post(
        "/mcp",
        json.dumps({"jsonrpc": "2.0", "method": "notifications/initialized"}),
        content_type="application/json",
        HTTP_ACCEPT="application/json, text/event-stream",
        HTTP_AUTHORIZATION=f"Bearer {code}",
    )

    assert response.status_code == HTTPStatus.ACCEPTED
    assert response.content == b""


def test_the_sdk_never_sees_the_token(client, reader, monkeypatch):
    from content.agents import server

    seen = []
    real = server._scope
    monkeypatch.setattr(server, "_scope", lambda *a: seen.append(real(*a)) or seen[-1])
    code = reader

    rpc(client, "tools/list", code=code, headers={"HTTP_X_API_ACCESS_TOKEN": code})

    (scope,) = seen
    assert code.encode() not in b"".join(name + value for name, value in scope["headers"])


# --- Tools: errors ------------------------------------------------------------------------


def test_an_unknown_tool_is_a_protocol_error(client, reader):
    code = reader

    body = call(client, code, "drop_database", {}).json()

    assert body["error"]["code"] == -32602
    assert body["error"]["message"] == UNKNOWN_TOOL_MESSAGE.format(name="drop_database")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({}, "questionId: Field required"),
        ({"questionId": 0}, "questionId: Input should be greater than or equal to 1"),
        ({"questionId": "seven"}, "questionId: Input should be a valid integer"),
        ({"questionId": 1, "answers": True}, "answers: Extra inputs are not permitted"),
    ],
)
def test_arguments_outside_the_schema_are_a_tool_error_naming_the_field(
    client, reader, arguments, message
):
    code = reader

    result = tool_result(call(client, code, "get_question", arguments))

    assert result["isError"] is True
    assert message in result["content"][0]["text"]


def test_a_post_that_is_not_there_is_a_tool_error(client, reader):
    code = reader

    result = tool_result(call(client, code, "get_question", {"questionId": 424242}))

    assert result["isError"] is True
    assert result["content"][0]["text"] == "There is no question 424242 in this team."


def test_the_services_rules_come_back_as_tool_errors(client, writer):
    code = writer

    result = tool_result(
        call(
            client,
            code,
            "create_question",
            {"title": "Bell\x07 in the title", "body": "Body.", "tags": ["widgets"]},
        )
    )

    assert result["isError"] is True
    assert result["content"][0]["text"] == f"title: {CONTROL_CHARACTER_MESSAGE}"


def test_an_article_with_control_characters_is_refused_by_the_service(client, writer):
    code = writer

    result = tool_result(
        call(
            client,
            code,
            "create_article",
            {"title": "Fine", "body": "Null \x00 byte", "tags": ["widgets"]},
        )
    )

    assert result["isError"] is True
    assert result["content"][0]["text"].startswith("body: Control characters are not allowed")


def test_a_database_outage_is_a_503_as_on_the_api(client, reader, monkeypatch):
    def down(**kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(selectors, "content_search", down)
    code = reader

    response = call(client, code, "search", {"query": "widgets"})

    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert response["Retry-After"]
    assert response.json()["detail"] == UNAVAILABLE_MESSAGE


# --- Limits and audit -------------------------------------------------------------------------


def test_mcp_calls_spend_the_tokens_api_budget_and_get_a_429(client, reader, settings):
    settings.PAT_RATE_LIMITS = {**settings.PAT_RATE_LIMITS, "BURST_CALLS": 3, "BURST_SECONDS": 60}
    code = reader

    api = client.get("/api/v3/users/me", HTTP_AUTHORIZATION=f"Bearer {code}")
    first = rpc(client, "tools/list", code=code)
    second = rpc(client, "tools/list", code=code)
    refused = rpc(client, "tools/list", code=code)

    assert api.status_code == first.status_code == second.status_code == HTTPStatus.OK
    assert first["x-burst-throttle-calls-left"] == "1"
    assert second["x-burst-throttle-calls-left"] == "0"
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert int(refused["Retry-After"]) >= 1


def test_no_token_code_reaches_a_log(client, team, caplog):
    token, code = make_token(team=team, can_write=True)
    question = QuestionFactory(team=team)
    caplog.set_level(logging.DEBUG)

    rpc(
        client,
        "initialize",
        {
            "protocolVersion": "2025-11-25",
            "capabilities": {},
            "clientInfo": {"name": "t", "version": "1"},
        },
        code=code,
    )
    call(client, code, "search", {"query": "widget"})
    call(client, code, "create_answer", {"questionId": question.pk, "body": "Try this."})
    call(client, code, "get_question", {"questionId": "bad"})
    call(client, code, "nope", {})
    rpc(client, "tools/list", code=code + "x")  # a 401

    assert caplog.records
    assert code not in caplog.text
    assert token.digest not in caplog.text


def test_the_tool_name_is_left_on_the_request_for_usage_records(rf, read_pat):
    from content.agents.caller import Caller
    from content.agents.tools import tool_call

    token, _ = read_pat
    request = rf.post("/mcp")
    caller = Caller(request=request, team=token.team, user=token.user, token=token)

    tool_call(caller, "list_tags", {})

    assert request.mcp_tool == "list_tags"


# --- Query counts -----------------------------------------------------------------------------


def _queries(client, code, name, arguments) -> int:
    with CaptureQueriesContext(connection) as captured:
        result = tool_result(call(client, code, name, arguments))
    assert not result["isError"], result
    return len(captured)


def test_search_and_get_question_cost_the_same_whatever_the_answers(client, team, reader):
    def costs(answers: int) -> tuple[int, int]:
        question = QuestionFactory(team=team, title=f"The flaky deploy step {answers}")
        for _ in range(answers):
            AnswerFactory(question=question)
        search = _queries(client, reader, "search", {"query": f"flaky {answers}"})
        read = _queries(client, reader, "get_question", {"questionId": question.pk})
        return search, read

    other = QuestionFactory(team=team, title="Another flaky deploy")
    AnswerFactory(question=other)
    rpc(client, "tools/list", code=reader)  # the token's last use is written here, not below

    one, ten = costs(1), costs(10)

    # The gate (1: token, user, team and membership), then the selectors. Search: its window
    # (count and keys in one statement), questions and tags, and on PostgreSQL the excerpts
    # (ts_headline). A question: itself, its tags, its comments, its answers and their
    # comments.
    excerpts = 1 if connection.vendor == "postgresql" else 0
    assert one == ten == (4 + excerpts, 6)


def test_every_read_tool_is_listed_for_a_read_only_token(client, reader):
    code = reader

    tools = rpc(client, "tools/list", code=code).json()["result"]["tools"]

    assert [tool["name"] for tool in tools] == READ_TOOLS
    schema = next(t for t in tools if t["name"] == "search")["inputSchema"]
    assert schema["required"] == ["query"]
    assert schema["additionalProperties"] is False
    assert "title" not in schema


def test_loading_the_urls_does_not_import_the_mcp_sdk():
    """The SDK takes most of a second to import: every process start (a `manage.py`
    command, a worker) would pay it. It is imported by the first MCP request instead."""
    import os
    import subprocess
    import sys

    script = (
        "import sys, django; django.setup(); "
        "from django.urls import get_resolver; get_resolver().url_patterns; "
        "import content.agents.views; "
        "print(sorted(m for m in sys.modules if m == 'mcp' or m.startswith('mcp.')))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == "[]"

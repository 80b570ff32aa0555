"""The MCP server through the official SDK's client (`mcp`), over streamable HTTP, against
the live test server: what an AI agent sees."""

from datetime import timedelta
from http import HTTPStatus

import httpx2
import pytest
from django.utils import timezone
from mcp.shared.exceptions import MCPError
from mcp_types.version import LATEST_HANDSHAKE_VERSION, LATEST_PROTOCOL_VERSION
from rest_framework.test import APIClient

from content.models import Answer, Comment
from content.services import answer_accept, comment_create, tag_smes_assign
from teams.plans import NO_WRITE_ACCESS_MESSAGE, Plan
from tests.content.mcp_support import (
    READ_TOOLS,
    WRITE_TOOLS,
    call_tool,
    with_client,
    with_session,
)
from tests.factories import (
    AnswerFactory,
    ArticleFactory,
    CommentFactory,
    MembershipFactory,
    QuestionFactory,
    TagFactory,
    TeamFactory,
    UserFactory,
    UserGroupFactory,
    make_token,
)
from tokens.errors import READ_ONLY_TOKEN_MESSAGE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def team():
    return TeamFactory(slug="acme")


@pytest.fixture
def reader(team):
    """The code of a read-only token of the team."""
    return make_token(team=team, can_write=False)[1]


@pytest.fixture
def writer(team):
    return make_token(team=team, can_write=True)[1]


def names(tools_result) -> list[str]:
    return [tool.name for tool in tools_result.tools]


def test_initialize_handshake(live_server, reader):
    async def action(session, initialized):
        await session.send_ping()
        return initialized

    initialized = with_session(live_server.url, reader, action)

    assert initialized.protocol_version == LATEST_HANDSHAKE_VERSION
    assert initialized.server_info.name == "teamstack"
    assert initialized.capabilities.tools is not None
    assert "cite the webUrl" in initialized.instructions


def test_the_sdk_negotiates_the_current_protocol_version(live_server, reader):
    """`server/discover` (2026-07-28): no handshake, every request self-contained."""

    async def action(client):
        return client.session.protocol_version, await client.list_tools()

    version, tools = with_client(live_server.url, reader, action)

    assert version == LATEST_PROTOCOL_VERSION
    assert names(tools) == READ_TOOLS


@pytest.mark.parametrize("mode", ["auto", "legacy"])
def test_a_read_only_token_lists_no_write_tools(live_server, reader, mode):
    async def action(client):
        return await client.list_tools()

    tools = with_client(live_server.url, reader, action, mode=mode)

    assert names(tools) == READ_TOOLS
    assert all(tool.annotations.read_only_hint for tool in tools.tools)
    assert all(tool.output_schema["type"] == "object" for tool in tools.tools)


@pytest.mark.parametrize("mode", ["auto", "legacy"])
def test_a_write_token_lists_every_tool(live_server, writer, mode):
    async def action(client):
        return await client.list_tools()

    tools = with_client(live_server.url, writer, action, mode=mode)

    assert names(tools) == READ_TOOLS + WRITE_TOOLS
    writes = [tool for tool in tools.tools if tool.name in WRITE_TOOLS]
    assert not any(tool.annotations.read_only_hint for tool in writes)


def test_search_finds_a_seeded_question_with_its_web_url(live_server, team, reader):
    question = QuestionFactory(
        team=team,
        title="How do we rotate the staging TLS certificates?",
        body_markdown="The cert-manager renewal fails on staging every 90 days.",
        tags=["tls", "staging"],
    )
    QuestionFactory(team=team, title="Unrelated question about lunch")

    result = call_tool(live_server.url, reader, "search", {"query": "certificates"})

    assert not result.is_error
    found = result.structured_content
    assert found["totalCount"] == 1
    (item,) = found["items"]
    assert item["type"] == "question"
    assert item["id"] == question.pk
    assert item["webUrl"] == f"{live_server.url}/teams/acme/questions/{question.pk}/"
    assert item["tags"] == ["staging", "tls"]
    assert "cert-manager renewal fails" in item["excerpt"]
    # the unstructured copy, for clients that read only text, is the same JSON
    assert '"webUrl"' in result.content[0].text


def test_get_question_returns_its_accepted_answer_first(live_server, team, reader):
    asker = UserFactory()
    question = QuestionFactory(team=team, owner=asker)
    popular = AnswerFactory(question=question, score=7)
    accepted = AnswerFactory(question=question, score=1)
    AnswerFactory(question=question, score=3)
    answer_accept(answer=Answer.objects.get(pk=accepted.pk), user=asker)
    CommentFactory(question=question, answer=accepted, body_markdown="This fixed it for me.")
    CommentFactory(question=question, body_markdown="Which version?")

    result = call_tool(live_server.url, reader, "get_question", {"questionId": question.pk})

    data = result.structured_content
    assert [a["id"] for a in data["answers"]] == [accepted.pk, popular.pk, data["answers"][2]["id"]]
    assert [a["isAccepted"] for a in data["answers"]] == [True, False, False]
    assert data["acceptedAnswerId"] == accepted.pk
    base = f"{live_server.url}/teams/acme/questions/{question.pk}/"
    assert data["webUrl"] == base
    assert data["answers"][0]["webUrl"] == f"{base}#answer-{accepted.pk}"
    assert [c["body"] for c in data["answers"][0]["comments"]] == ["This fixed it for me."]
    assert [c["body"] for c in data["comments"]] == ["Which version?"]
    assert data["comments"][0]["webUrl"].startswith(f"{base}#comment")


def test_create_answer_with_a_write_token_shows_in_api_v3(live_server, team, writer):
    question = QuestionFactory(team=team)

    result = call_tool(
        live_server.url,
        writer,
        "create_answer",
        {"questionId": question.pk, "body": "Restart the **widget** daemon."},
    )

    assert not result.is_error
    answer = result.structured_content
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {writer}")
    listed = api.get(f"/api/v3/questions/{question.pk}/answers")
    assert listed.status_code == HTTPStatus.OK
    (item,) = listed.json()["items"]
    assert item["id"] == answer["id"]
    assert "<strong>widget</strong>" in item["body"]
    assert (
        answer["webUrl"]
        == f"{live_server.url}/teams/acme/questions/{question.pk}/#answer-{item['id']}"
    )


def test_a_write_tool_with_a_read_only_token_is_refused(live_server, team, reader):
    question = QuestionFactory(team=team)

    with pytest.raises(MCPError) as refused:
        call_tool(
            live_server.url, reader, "create_answer", {"questionId": question.pk, "body": "Hi."}
        )

    assert refused.value.message == READ_ONLY_TOKEN_MESSAGE  # "…write access is required."
    assert refused.value.data == {"scope": "write_access", "tool": "create_answer"}
    assert not Answer.objects.filter(question=question).exists()


def test_a_write_token_on_a_downgraded_plan_loses_the_write_tools(live_server, team, writer):
    team.plan = Plan.BASIC
    team.save()
    question = QuestionFactory(team=team)

    async def action(client):
        listed = await client.list_tools()
        try:
            await client.call_tool("create_answer", {"questionId": question.pk, "body": "Hi."})
        except MCPError as exc:
            return listed, exc
        return listed, None

    listed, refused = with_client(live_server.url, writer, action)

    assert names(listed) == READ_TOOLS
    assert refused is not None and refused.message == NO_WRITE_ACCESS_MESSAGE


@pytest.mark.parametrize("ending", ["expired", "deleted"])
def test_an_expired_or_deleted_token_gets_401_with_the_metadata_challenge(
    live_server, team, ending
):
    token, code = make_token(team=team)
    if ending == "expired":
        type(token).objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - timedelta(minutes=1)
        )
    else:
        token.delete()

    with pytest.raises(MCPError):
        with_client(live_server.url, code, lambda client: client.list_tools())

    response = httpx2.post(
        f"{live_server.url}/mcp",
        json={"jsonrpc": "2.0", "id": 1, "method": "ping"},
        headers={"Authorization": f"Bearer {code}", "Accept": "application/json"},
    )
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    challenge = response.headers["WWW-Authenticate"]
    assert challenge.startswith('Bearer realm="api", error="invalid_token"')
    metadata_url = f"{live_server.url}/.well-known/oauth-protected-resource/mcp"
    assert challenge.endswith(f'resource_metadata="{metadata_url}"')
    metadata = httpx2.get(metadata_url).json()
    assert metadata["resource"] == f"{live_server.url}/mcp"


def test_another_teams_content_is_never_returned(live_server, team, writer):
    other = TeamFactory(slug="globex")
    user = UserFactory()
    MembershipFactory(user=user, team=other)
    secret = QuestionFactory(team=other, title="Zanzibar launch codes", tags=["zanzibar"])
    secret_answer = AnswerFactory(question=secret)
    article = ArticleFactory(team=other, title="Zanzibar handbook", tags=["zanzibar"])
    QuestionFactory(team=team, title="Our own question", tags=["ours"])

    async def action(client):
        await client.list_tools()
        calls = {
            "search": await client.call_tool("search", {"query": "zanzibar"}),
            "list_tags": await client.call_tool("list_tags", {}),
        }
        for name, arguments in [
            ("get_question", {"questionId": secret.pk}),
            ("get_article", {"articleId": article.pk}),
            ("get_tag", {"name": "zanzibar"}),
            ("get_user", {"userId": user.pk}),
            ("create_answer", {"questionId": secret.pk, "body": "Leaked?"}),
            ("add_comment", {"postId": secret_answer.pk, "body": "Leaked?"}),
        ]:
            calls[name] = await client.call_tool(name, arguments)
        return calls

    calls = with_client(live_server.url, writer, action)

    assert calls["search"].structured_content["totalCount"] == 0
    assert [t["name"] for t in calls["list_tags"].structured_content["items"]] == ["ours"]
    for name in ("get_question", "get_article", "get_tag", "get_user", "create_answer"):
        assert calls[name].is_error, name
        assert "in this team" in calls[name].content[0].text
    assert calls["add_comment"].is_error
    assert not Answer.objects.filter(question=secret).exclude(pk=secret_answer.pk).exists()
    assert not Comment.objects.filter(question=secret).exists()


def test_every_other_tool_over_the_wire(live_server, team, writer):
    """Articles, tags and their experts, people, and the write tools: each result valid
    against its declared output schema (the SDK client checks) and citing its page."""
    expert = UserFactory(display_name="Erin Expert", job_title="SRE")
    MembershipFactory(user=expert, team=team)
    group = UserGroupFactory(team=team, name="Platform", members=[expert])
    tag = TagFactory(team=team, name="kubernetes", description="Our clusters.")
    tag_smes_assign(tag=tag, user_ids=[expert.pk], group_ids=[group.pk])
    article = ArticleFactory(team=team, title="Cluster runbook", tags=["kubernetes"])
    comment_create(user=expert, body="Thanks!", article=article)
    base = f"{live_server.url}/teams/acme"

    async def action(client):
        await client.list_tools()
        out = {}
        for name, arguments in [
            ("get_article", {"articleId": article.pk}),
            ("list_tags", {"query": "kube"}),
            ("get_tag", {"name": "Kubernetes"}),
            ("get_user", {"userId": expert.pk}),
            ("get_user", {}),
            (
                "create_question",
                {
                    "title": "How do I drain a node?",
                    "body": "Safely, please.",
                    "tags": ["kubernetes"],
                },
            ),
            (
                "create_article",
                {
                    "title": "Draining nodes",
                    "body": "Use `kubectl drain`.",
                    "tags": ["kubernetes"],
                    "articleType": "howToGuide",
                },
            ),
        ]:
            result = await client.call_tool(name, arguments)
            assert not result.is_error, (name, result.content)
            out[name if name not in out else f"{name}:me"] = result.structured_content
        question_id = out["create_question"]["id"]
        answer = await client.call_tool(
            "create_answer", {"questionId": question_id, "body": "`kubectl drain`."}
        )
        for post_id in (question_id, answer.structured_content["id"], article.pk):
            result = await client.call_tool("add_comment", {"postId": post_id, "body": "Noted."})
            assert not result.is_error, result.content
            out[f"comment:{post_id}"] = result.structured_content
        return out, answer.structured_content["id"]

    out, answer_id = with_client(live_server.url, writer, action)

    assert out["get_article"]["webUrl"] == f"{base}/articles/{article.pk}/"
    assert [c["body"] for c in out["get_article"]["comments"]] == ["Thanks!"]
    assert [t["name"] for t in out["list_tags"]["items"]] == ["kubernetes"]
    assert out["get_tag"]["webUrl"] == f"{base}/questions/tagged/kubernetes/"
    experts = out["get_tag"]["subjectMatterExperts"]
    assert [u["name"] for u in experts["users"]] == ["Erin Expert"]
    assert [(g["name"], [m["id"] for m in g["members"]]) for g in experts["groups"]] == [
        ("Platform", [expert.pk])
    ]
    assert out["get_user"]["jobTitle"] == "SRE"
    assert out["get_user"]["webUrl"] == f"{base}/users/{expert.pk}/"
    assert out["get_user:me"]["isCurrentUser"] is True
    question_id = out["create_question"]["id"]
    assert out["create_question"]["webUrl"] == f"{base}/questions/{question_id}/"
    assert out["create_article"]["articleType"] == "howToGuide"
    assert out[f"comment:{question_id}"]["postType"] == "question"
    assert out[f"comment:{answer_id}"]["postType"] == "answer"
    assert out[f"comment:{answer_id}"]["webUrl"].startswith(
        f"{base}/questions/{question_id}/#comment"
    )
    assert out[f"comment:{article.pk}"]["webUrl"].startswith(
        f"{base}/articles/{article.pk}/#comment"
    )

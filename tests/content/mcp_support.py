"""Helpers of the MCP tests: the official SDK's client against the live server, and raw
JSON-RPC posts through Django's test client."""

import json

import anyio
import httpx2
from mcp import Client, ClientSession
from mcp.client.streamable_http import streamable_http_client

READ_TOOLS = ["search", "get_question", "get_article", "list_tags", "get_tag", "get_user"]
WRITE_TOOLS = ["create_question", "create_answer", "create_article", "add_comment"]
HANDSHAKE_VERSION = "2025-11-25"


def with_client(server_url: str, code: str | None, action, *, mode: str = "auto"):
    """Run `await action(client)` in one `mcp.Client` session (streamable HTTP, the token in
    `Authorization`), and return what it returns. `mode`: the SDK's own negotiation
    ("auto": `server/discover`, then the handshake if need be) or "legacy" (`initialize`)."""

    async def main():
        headers = {"Authorization": f"Bearer {code}"} if code else {}
        async with httpx2.AsyncClient(headers=headers, timeout=60) as http:
            transport = streamable_http_client(f"{server_url}/mcp", http_client=http)
            async with Client(transport, mode=mode) as client:
                return await action(client)

    return _unwrapped(main)


def _unwrapped(main):
    """`anyio.run(main)`, with an error the client raised in its task groups raised as
    itself (a lone exception in nested groups), as a caller of the client sees it."""
    try:
        return anyio.run(main)
    except BaseExceptionGroup as group:
        leaves = list(_leaves(group))
        if len(leaves) == 1:
            raise leaves[0] from group
        raise


def _leaves(group):
    for exc in group.exceptions:
        if isinstance(exc, BaseExceptionGroup):
            yield from _leaves(exc)
        else:
            yield exc


def with_session(server_url: str, code: str, action):
    """Run `await action(session, initialize_result)` in a `ClientSession` over
    `streamable_http_client`, after the `initialize` handshake."""

    async def main():
        async with (
            httpx2.AsyncClient(headers={"Authorization": f"Bearer {code}"}, timeout=60) as http,
            streamable_http_client(f"{server_url}/mcp", http_client=http) as (read, write),
            ClientSession(read, write) as session,
        ):
            initialized = await session.initialize()
            return await action(session, initialized)

    return _unwrapped(main)


def call_tool(server_url: str, code: str, name: str, arguments: dict, *, mode: str = "auto"):
    """One tool call in its own session; the SDK client validates the structured result
    against the tool's `outputSchema`."""

    async def action(client):
        await client.list_tools()  # the client learns the output schemas it validates with
        return await client.call_tool(name, arguments)

    return with_client(server_url, code, action, mode=mode)


def rpc(client, method: str, params: dict | None = None, *, code=None, headers=None, id=1):
    """POST one JSON-RPC request to /mcp (stateless handshake era: no `initialize` needed)."""
    message = {"jsonrpc": "2.0", "id": id, "method": method}
    if params is not None:
        message["params"] = params
    extra = {
        "HTTP_ACCEPT": "application/json, text/event-stream",
        "HTTP_MCP_PROTOCOL_VERSION": HANDSHAKE_VERSION,
    }
    if code:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {code}"
    extra.update(headers or {})
    return client.post("/mcp", json.dumps(message), content_type="application/json", **extra)


def tool_result(response) -> dict:
    """The `result` of a `tools/call` response (fails on a JSON-RPC error)."""
    body = response.json()
    assert "result" in body, body
    return body["result"]

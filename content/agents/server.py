"""The MCP protocol, spoken by the official SDK (`mcp`), one HTTP request at a time.

Why the SDK's own server machinery, run per request inside a Django view: the SDK keeps
up with the specification (both of its eras: the `initialize` handshake of 2024-11-05 to
2025-11-25, and the stateless per-request envelope of 2026-07-28 with `server/discover`),
validates every message, negotiates versions and checks the `MCP-Protocol-Version` header;
we only register two handlers, `tools/list` and `tools/call`. Stateless and JSON-only
(`stateless=True, json_response=True`): nothing is kept between requests, so any gunicorn
worker on any machine answers any call, and every response is one JSON body.

How it runs under WSGI: `serve` builds the ASGI scope of the Django request and drives the
SDK's `StreamableHTTPSessionManager` for that one request with asgiref's `async_to_sync`,
which runs the event loop in a helper thread while the request's thread waits. The tool
handlers hand the work back with `sync_to_async` (thread-sensitive, the default), which
runs it on the request's own thread: the selectors and services use the request's database
connection and transaction, exactly as in any other view (Django's way of serving async
views under WSGI). The price is a few milliseconds per call: a new event loop and the SDK's
per-request set-up (`python -m benchmarks.mcp`).

The gate has already run (`views.py`): the SDK never sees the token, whose headers are not
copied into the scope.
"""

import asyncio
import logging

import mcp_types as types
from asgiref.sync import async_to_sync, sync_to_async
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from mcp.server.lowlevel.server import Server
from mcp.server.streamable_http_manager import StreamableHTTPSessionManager
from mcp.shared.exceptions import MCPError

from . import tools
from .caller import Caller
from .limits import MAX_REQUEST_BYTES

logger = logging.getLogger(__name__)

SERVER_NAME = "teamstack"
INSTRUCTIONS = (
    "The knowledge base of one team on {site}: questions with their answers, and articles. "
    "Search it before answering a question about the team's systems, code or processes; "
    "read the best results in full; cite the webUrl of every post you use. You see what the "
    "token's user sees, in the token's one team."
)
SERVER_ERROR_MESSAGE = "The server could not complete the tool call: the error has been reported."
CALLER_SCOPE_KEY = "teamstack.caller"
# Headers the SDK is given: everything but credentials and cookies (it needs none of them).
_WITHHELD_HEADERS = {"authorization", "x-api-access-token", "cookie"}


def _caller(ctx) -> Caller:
    return ctx.request.scope[CALLER_SCOPE_KEY]


async def _list_tools(ctx, params) -> types.ListToolsResult:
    return types.ListToolsResult(tools=tools.tool_list(_caller(ctx)))


async def _call_tool(ctx, params: types.CallToolRequestParams) -> types.CallToolResult:
    caller = _caller(ctx)
    try:
        return await sync_to_async(tools.tool_call)(caller, params.name, params.arguments or {})
    except MCPError:
        raise
    except Exception:
        if getattr(caller.request, "mcp_outage", None) is None:
            logger.exception("MCP tool %r failed", params.name)
        raise MCPError(types.INTERNAL_ERROR, SERVER_ERROR_MESSAGE) from None


server = Server(
    SERVER_NAME,
    version="1",
    title=settings.SITE_NAME,
    instructions=INSTRUCTIONS.format(site=settings.SITE_NAME),
    get_tool_input_schema=tools.input_schema,
    on_list_tools=_list_tools,
    on_call_tool=_call_tool,
)


def serve(request: HttpRequest, caller: Caller) -> HttpResponse:
    """Answer one MCP request (the gate has let it in): the SDK's response as Django's."""
    status, headers, body = async_to_sync(_serve)(_scope(request, caller), request.body)
    response = HttpResponse(body, status=status)
    for name, value in headers:
        if name.lower() != b"content-length":
            response[name.decode("latin-1")] = value.decode("latin-1")
    return response


async def _serve(scope: dict, body: bytes) -> tuple[int, list, bytes]:
    received = False

    async def receive() -> dict:
        nonlocal received
        if not received:
            received = True
            return {"type": "http.request", "body": body, "more_body": False}
        # The client is still there: nothing more will come (the server answers, then the
        # manager's task group is closed, which ends this wait).
        await asyncio.Event().wait()

    status, headers, chunks = 500, [], []

    async def send(message: dict) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status, headers = message["status"], list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    manager = StreamableHTTPSessionManager(
        app=server,
        json_response=True,
        stateless=True,
        max_request_body_size=MAX_REQUEST_BYTES,
    )
    async with manager.run():
        await manager.handle_request(scope, receive, send)
    return int(status), headers, b"".join(chunks)


def _scope(request: HttpRequest, caller: Caller) -> dict:
    """The ASGI scope of the Django request, with the caller for the handlers."""
    headers = []
    for key, value in request.META.items():
        if key.startswith("HTTP_"):
            name = key[5:].replace("_", "-").lower()
        elif key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            name = key.replace("_", "-").lower()
        else:
            continue
        if name not in _WITHHELD_HEADERS and isinstance(value, str):
            headers.append((name.encode("latin-1"), value.encode("latin-1", "replace")))
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": request.method,
        "scheme": request.scheme,
        "path": request.path,
        "raw_path": request.path.encode(),
        "query_string": request.META.get("QUERY_STRING", "").encode("latin-1", "replace"),
        "root_path": "",
        "headers": headers,
        "client": (request.META.get("REMOTE_ADDR", ""), 0),
        "server": (request.META.get("SERVER_NAME", ""), int(request.META.get("SERVER_PORT") or 0)),
        CALLER_SCOPE_KEY: caller,
    }

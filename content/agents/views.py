"""`POST /mcp`: the MCP endpoint (streamable HTTP, stateless, JSON responses).

Through the API's gate before the protocol is even read: the personal access token
(`Authorization: Bearer …` only: no cookies, so no CSRF), `TeamAccessPermission` (the
token's team; the Free plan refused; membership, expiry and revocation read on every call)
and the token's rate limits (one budget with the API: a 429 with `Retry-After`). A refusal
is a problem+json response, as on the API, whose `WWW-Authenticate` challenge names the
RFC 9728 metadata of the endpoint (`resource_metadata`), where MCP clients look first.

The endpoint is stateless: no stream to open (`GET`) and no session to end (`DELETE`), so
both are a 405 (`Allow: POST`), as the transport specification says. A browser page of
another site may not call it: an `Origin` header that is not one of ALLOWED_HOSTS is a 403
(the specification's defence against DNS rebinding).
"""

from http import HTTPStatus
from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import validate_host
from rest_framework import exceptions
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from tokens.authentication import PersonalAccessTokenAuthentication
from tokens.discovery import resource_metadata_url
from tokens.oauth.authentication import OAuthAccessTokenAuthentication
from tokens.permissions import TeamAccessPermission

from .caller import Caller
from .limits import MAX_REQUEST_BYTES

MCP_PATH = "/mcp"
FOREIGN_ORIGIN_MESSAGE = "Requests from this origin are not allowed."
TOO_LARGE_MESSAGE = f"The request body is larger than {MAX_REQUEST_BYTES} bytes."


class RequestTooLarge(exceptions.APIException):
    status_code = HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    default_detail = TOO_LARGE_MESSAGE
    default_code = "request_too_large"


class JsonOnly(BaseContentNegotiation):
    """Errors are JSON whatever the `Accept` header: the SDK judges it for the protocol
    (`application/json` is required there), and a refusal must not become a 406."""

    def select_parser(self, request, parsers):
        return None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class McpApi(APIView):
    """`POST /mcp`: one JSON-RPC message in, one JSON response out (see the module)."""

    # A PAT, or an OAuth access token of an Enterprise team's API application (the
    # authorization server the protected-resource metadata names).
    authentication_classes = [OAuthAccessTokenAuthentication, PersonalAccessTokenAuthentication]
    permission_classes = [TeamAccessPermission]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JsonOnly
    parser_classes = []  # the SDK reads the body
    http_method_names = ["post"]
    schema = None  # not part of the API v3 document
    # Every MCP call is a POST: the tool decides whether it writes (tools.tool_call).
    writes_by_method = False

    def initial(self, request, *args, **kwargs):
        origin = request.META.get("HTTP_ORIGIN")
        if origin is not None and not _allowed_origin(origin):
            raise exceptions.PermissionDenied(FOREIGN_ORIGIN_MESSAGE)
        super().initial(request, *args, **kwargs)

    def post(self, request):
        django_request = request._request
        length = request.META.get("CONTENT_LENGTH") or ""
        if length.isdigit() and int(length) > MAX_REQUEST_BYTES:
            raise RequestTooLarge()
        caller = Caller(
            request=django_request, team=request.team, user=request.user, token=request.auth
        )
        # The MCP SDK is imported on the first MCP request, not at every process start
        # (URL loading, `manage.py` commands, test collection): it takes most of a second.
        from .server import serve

        response = serve(django_request, caller)
        outage = getattr(django_request, "mcp_outage", None)
        if outage is not None:
            raise outage  # a 503 with Retry-After, as on the API
        return response

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        challenge = response.get("WWW-Authenticate")
        if challenge:
            url = resource_metadata_url(self.request, MCP_PATH)
            response["WWW-Authenticate"] = f'{challenge}, resource_metadata="{url}"'
        return response


def _allowed_origin(origin: str) -> bool:
    """An `Origin` whose host is one this site answers to (ALLOWED_HOSTS, as Django checks
    `Host`): the site's own pages and local tools; never another site's page."""
    try:
        parts = urlsplit(origin)
        host = parts.hostname
        port = parts.port
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host:
        return False
    host = f"[{host}]" if ":" in host else host
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:  # Django's own development default
        allowed = [".localhost", "127.0.0.1", "[::1]"]
    return validate_host(host, allowed) or (
        port is not None and validate_host(f"{host}:{port}", allowed)
    )

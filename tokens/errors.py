"""API errors: RFC 7807 problem+json bodies and RFC 6750 `WWW-Authenticate` challenges.

`problem_exception_handler` is DRF's EXCEPTION_HANDLER: every error an API view raises,
ours or DRF's, leaves as `application/problem+json` with `type`, `title`, `status` and
`detail` (and `errors` for field validation). 401 and 403 carry a Bearer challenge.
"""

import logging
from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response

PROBLEM_CONTENT_TYPE = "application/problem+json"
REALM = "api"

INVALID_TOKEN_MESSAGE = "Invalid access token"
EXPIRED_TOKEN_MESSAGE = "The access token has expired."
NO_CREDENTIALS_MESSAGE = "Authentication credentials were not provided."
READ_ONLY_TOKEN_MESSAGE = "This access token is read-only; write access is required."
WRONG_TEAM_MESSAGE = "This access token is not valid for this team."
TEAM_REQUIRED_MESSAGE = "team required: use /api/v3/teams/{team}/… or a personal access token."
UNAVAILABLE_MESSAGE = "The service is temporarily unavailable: retry later."
SERVER_ERROR_MESSAGE = "The server could not complete the request: the error has been reported."

# A database outage (the server refuses connections, the connection drops) is a 503 with
# `Retry-After`, on every API path, authentication included: the client may retry as is.
OUTAGE_ERRORS = (OperationalError, InterfaceError)
OUTAGE_RETRY_AFTER_SECONDS = 10

logger = logging.getLogger(__name__)


def problem_type(code: str) -> str:
    """A stable identifier for a kind of problem (a tag URI: never dereferenced)."""
    return f"tag:teamstack,2026:problems/{code}"


class InvalidToken(exceptions.AuthenticationFailed):
    """Malformed, unknown, deleted or otherwise unusable token."""

    default_detail = INVALID_TOKEN_MESSAGE
    default_code = "invalid_token"
    bearer_error = "invalid_token"


class ExpiredToken(InvalidToken):
    default_detail = EXPIRED_TOKEN_MESSAGE
    default_code = "token_expired"


class InsufficientScope(exceptions.PermissionDenied):
    """The token is valid but may not do this here (RFC 6750 `insufficient_scope`)."""

    default_code = "insufficient_scope"
    bearer_error = "insufficient_scope"

    def __init__(self, detail=None, *, scope: str | None = None, code=None):
        super().__init__(detail, code)
        self.scope = scope


class AddressNotAllowed(InsufficientScope):
    """The token is valid but the request comes from outside its team's or its own IP
    allowlist (403; the detail says which allowlist)."""

    default_code = "address_not_allowed"


class TeamRequired(exceptions.ParseError):
    default_detail = TEAM_REQUIRED_MESSAGE
    default_code = "team_required"


def bearer_challenge(exc) -> str | None:
    """The RFC 6750 `WWW-Authenticate` challenge of an authentication or scope error."""
    if isinstance(exc, InvalidToken):
        description = str(exc.detail).replace('"', "'")
        return f'Bearer realm="{REALM}", error="invalid_token", error_description="{description}"'
    if isinstance(exc, InsufficientScope):
        challenge = f'Bearer realm="{REALM}", error="insufficient_scope"'
        if exc.scope:
            challenge += f', scope="{exc.scope}"'
        return challenge
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        return f'Bearer realm="{REALM}"'
    return None


def _code(exc) -> str:
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
    if isinstance(codes, str):
        return codes
    return getattr(exc, "default_code", "error")


def problem_response(
    *, status_code: int, detail: str, code: str, errors=None, headers=None, request=None
) -> Response:
    body = {
        "type": problem_type(code),
        "title": HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = errors
    # JSON clients get application/problem+json; the browsable API keeps its HTML page.
    renderer = getattr(request, "accepted_renderer", None)
    json_client = renderer is None or renderer.format in ("json", "problem+json")
    content_type = PROBLEM_CONTENT_TYPE if json_client else None
    return Response(body, status=status_code, headers=headers, content_type=content_type)


def outage_logged(exc, request) -> None:
    """One line per request refused during an outage (no traceback: the cause is known);
    Django's request logger also reports the 503."""
    cause = (str(exc).splitlines() or [""])[0][:200]
    logger.error(
        "Database unavailable while serving %s: %s: %s",
        getattr(request, "path", "?"),
        type(exc).__name__,
        cause,
    )


def problem_exception_handler(exc, context):
    if isinstance(exc, OUTAGE_ERRORS):
        request = context.get("request")
        outage_logged(exc, request)
        return problem_response(
            status_code=HTTPStatus.SERVICE_UNAVAILABLE,
            detail=UNAVAILABLE_MESSAGE,
            code="temporarily_unavailable",
            headers={"Retry-After": str(OUTAGE_RETRY_AFTER_SECONDS)},
            request=request,
        )
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    # Imported here: rest_framework.views loads the authentication classes, which import us.
    from rest_framework.views import exception_handler

    response = exception_handler(exc, context)
    if response is None:
        return None  # a real server error: let Django report it (with secrets filtered)

    headers = {k: v for k, v in response.items() if k.lower() != "content-type"}
    challenge = bearer_challenge(exc)
    if challenge and response.status_code in (status.HTTP_401_UNAUTHORIZED, 403):
        headers["WWW-Authenticate"] = challenge

    if isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        first = _first_message(errors)
        errors = flat_errors(errors)
        return problem_response(
            status_code=response.status_code,
            detail=first or "Invalid input.",
            code="validation_error",
            errors=errors,
            headers=headers,
            request=context.get("request"),
        )
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    return problem_response(
        status_code=response.status_code,
        detail=str(detail),
        code=_code(exc),
        headers=headers,
        request=context.get("request"),
    )


def flat_errors(detail) -> dict[str, list[str]]:
    """Field errors as `{field: [message, …]}`, the shape the schema documents. An error
    inside a list or a nested object stays under its top-level field, its message prefixed
    with the path inside it (`authorIds`: `2: A valid integer is required.`,
    `permissions`: `editableBy: "nobody" is not a valid choice.`)."""
    flat: dict[str, list[str]] = {}

    def add(field: str, path: str, value) -> None:
        if isinstance(value, dict):
            for name, inner in value.items():
                add(field, f"{path}.{name}" if path else str(name), inner)
        elif isinstance(value, list):
            for index, inner in enumerate(value):
                if isinstance(inner, dict | list):
                    add(field, f"{path}.{index}" if path else str(index), inner)
                else:
                    flat.setdefault(field, []).append(f"{path}: {inner}" if path else str(inner))
        else:
            flat.setdefault(field, []).append(f"{path}: {value}" if path else str(value))

    if not isinstance(detail, dict):
        detail = {"non_field_errors": detail}
    for field, value in detail.items():
        add(str(field), "", value)
    return flat


def _first_message(errors) -> str | None:
    if isinstance(errors, dict):
        for field, value in errors.items():
            message = _first_message(value)
            if message:
                return message if field == "non_field_errors" else f"{field}: {message}"
    elif isinstance(errors, list):
        for value in errors:
            message = _first_message(value)
            if message:
                return message
    elif errors:
        return str(errors)
    return None


NO_ROUTE_MESSAGE = "No API operation at this path."


def api_not_found(request, *args, **kwargs):
    """The last route under `/api/`: a path that matches no operation (or an id that is
    not an integer, `/questions/abc`) is a 404 problem, never Django's HTML page.

    A plain Django view (no authentication): it reveals nothing but that the path is not
    an operation, whatever the caller.
    """
    return _problem_page(HTTPStatus.NOT_FOUND, NO_ROUTE_MESSAGE, "not_found")


def api_server_error(request, exc=None):
    """A server error under `/api/` outside what a view's exception handler answers (see
    `config.errors`): a 503 problem with `Retry-After` for a database outage, else a 500
    problem. Django has already reported the error (token codes filtered)."""
    if isinstance(exc, OUTAGE_ERRORS):
        response = _problem_page(
            HTTPStatus.SERVICE_UNAVAILABLE, UNAVAILABLE_MESSAGE, "temporarily_unavailable"
        )
        response["Retry-After"] = str(OUTAGE_RETRY_AFTER_SECONDS)
        return response
    return _problem_page(HTTPStatus.INTERNAL_SERVER_ERROR, SERVER_ERROR_MESSAGE, "server_error")


def _problem_page(status: HTTPStatus, detail: str, code: str) -> JsonResponse:
    """A problem from a plain Django view (no DRF negotiation: always problem+json)."""
    body = {"type": problem_type(code), "title": status.phrase, "status": status, "detail": detail}
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)

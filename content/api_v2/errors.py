"""API v2.3 errors: the wrapper's `error_id`, `error_name` and `error_message`, with the
HTTP status a v2.3 client expects.

`v2_exception_handler` is the exception handler of every v2.3 view (v3 keeps its
problem+json): the same exceptions the shared gate, the services and the parsers raise,
in the other face's shape. `error_id` values are Stack Exchange's own.
"""

from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions
from rest_framework.response import Response

from tokens.errors import (
    OUTAGE_ERRORS,
    OUTAGE_RETRY_AFTER_SECONDS,
    SERVER_ERROR_MESSAGE,
    UNAVAILABLE_MESSAGE,
    InvalidToken,
    bearer_challenge,
    outage_logged,
)

from .filters import FilterError

BAD_PARAMETER = (400, "bad_parameter")
ACCESS_TOKEN_REQUIRED = (401, "access_token_required")
INVALID_ACCESS_TOKEN = (402, "invalid_access_token")
ACCESS_DENIED = (403, "access_denied")
NO_METHOD = (404, "no_method")
DUPLICATE_REQUEST = (409, "duplicate_request")
WRITE_FAILED = (407, "write_failed")
INTERNAL_ERROR = (500, "internal_error")
THROTTLE_VIOLATION = (502, "throttle_violation")
TEMPORARILY_UNAVAILABLE = (503, "temporarily_unavailable")

DUPLICATE_REQUEST_MESSAGE = "An identical request was made recently; it is not made twice."
NO_METHOD_MESSAGE = "No API v2.3 method at this path."
THROTTLE_MESSAGE = (
    "Too many requests from this token, more requests available in {seconds} seconds."
)


class BadParameter(exceptions.ValidationError):
    """A query or form parameter that is not valid: `parameter` is named in the message."""

    def __init__(self, parameter: str, message: str):
        super().__init__({parameter: [message]})


class DuplicateRequest(exceptions.APIException):
    """The same write, by the same user, repeated within a few seconds (a double submit)."""

    status_code = 409
    default_detail = DUPLICATE_REQUEST_MESSAGE


def error_body(error: tuple[int, str], message: str) -> dict:
    error_id, error_name = error
    return {"error_id": error_id, "error_name": error_name, "error_message": message}


def _first(detail) -> tuple[str | None, str]:
    """(parameter, message) of the first error in a DRF validation detail."""
    if isinstance(detail, dict):
        for field, value in detail.items():
            _, message = _first(value)
            return (None if field == "non_field_errors" else str(field)), message
    if isinstance(detail, list) and detail:
        return _first(detail[0])
    return None, str(detail)


def _classify(exc) -> tuple[int, tuple[int, str], str] | None:
    """(HTTP status, (error_id, error_name), message) of an exception; None for a real
    server error, which Django then reports (with token codes filtered)."""
    if isinstance(exc, OUTAGE_ERRORS):
        return 503, TEMPORARILY_UNAVAILABLE, UNAVAILABLE_MESSAGE
    if isinstance(exc, FilterError):
        return 400, BAD_PARAMETER, f"filter: {exc}"
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        exc = exceptions.ValidationError(detail)
    if isinstance(exc, exceptions.ValidationError | exceptions.ParseError):
        parameter, message = _first(exc.detail)
        return 400, BAD_PARAMETER, f"{parameter}: {message}" if parameter else message
    if isinstance(exc, exceptions.NotAuthenticated):
        return 401, ACCESS_TOKEN_REQUIRED, "An access token is required for this method."
    if isinstance(exc, InvalidToken | exceptions.AuthenticationFailed):
        return 401, INVALID_ACCESS_TOKEN, str(exc.detail)
    if isinstance(exc, exceptions.Throttled):
        seconds = exc.wait if exc.wait is not None else 1
        return 502, THROTTLE_VIOLATION, THROTTLE_MESSAGE.format(seconds=int(seconds))
    if isinstance(exc, DjangoPermissionDenied):
        message = str(exc.args[0]) if exc.args else "Access denied."
        return 403, ACCESS_DENIED, message
    if isinstance(exc, exceptions.PermissionDenied):
        return 403, ACCESS_DENIED, str(exc.detail)
    if isinstance(exc, Http404 | exceptions.NotFound):
        return 404, NO_METHOD, str(getattr(exc, "detail", "")) or "Not found."
    if isinstance(exc, exceptions.MethodNotAllowed):
        return 405, NO_METHOD, str(exc.detail)
    if isinstance(exc, DuplicateRequest):
        return 409, DUPLICATE_REQUEST, str(exc.detail)
    if isinstance(exc, exceptions.APIException):
        return exc.status_code, BAD_PARAMETER, str(exc.detail)
    return None


def v2_exception_handler(exc, context):
    """DRF's `EXCEPTION_HANDLER`, for the v2.3 views."""
    classified = _classify(exc)
    if classified is None:
        return None
    status, error, message = classified
    headers = {}
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, OUTAGE_ERRORS):
        outage_logged(exc, context.get("request"))
        headers["Retry-After"] = str(OUTAGE_RETRY_AFTER_SECONDS)
    challenge = bearer_challenge(exc)
    if challenge and status in (401, 403):
        headers["WWW-Authenticate"] = challenge  # RFC 6750, as on every API response
    return Response(error_body(error, message), status=status, headers=headers)


def v2_no_method(request, *args, **kwargs):
    """Every path under `/api/2.3/` that is no method: a v2.3 error, never an HTML page."""
    return JsonResponse(error_body(NO_METHOD, NO_METHOD_MESSAGE), status=HTTPStatus.NOT_FOUND)


def v2_server_error(request, exc=None):
    """A server error under `/api/2.3/` that no view answered (see `config.errors`): 503
    `temporarily_unavailable` with `Retry-After` for a database outage, else 500
    `internal_error`. Django has already reported it (token codes filtered)."""
    if isinstance(exc, OUTAGE_ERRORS):
        response = JsonResponse(
            error_body(TEMPORARILY_UNAVAILABLE, UNAVAILABLE_MESSAGE),
            status=HTTPStatus.SERVICE_UNAVAILABLE,
        )
        response["Retry-After"] = str(OUTAGE_RETRY_AFTER_SECONDS)
        return response
    return JsonResponse(
        error_body(INTERNAL_ERROR, SERVER_ERROR_MESSAGE), status=HTTPStatus.INTERNAL_SERVER_ERROR
    )

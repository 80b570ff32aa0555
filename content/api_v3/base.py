"""What every API v3 view of the content shares: parsing, the 403 of the content rules,
the error responses of the schema, and `ListApi`, the one way a paginated list is served.

Authentication and the team gate (`TeamAccessPermission`: team scope, read/write scope,
plan) are the project defaults and leave the team on `request.team`. A view parses its
query string or body with a serializer, calls one selector or service, and renders the
result in the official v3 shape. The content rules (who may edit, accept, vote) live in
the services, which refuse with Django's `PermissionDenied`: rendered here as a 403
problem that keeps the service's message.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import APIView

from tokens.errors import PROBLEM_CONTENT_TYPE

from .schema import ContentAutoSchema
from .serializers.common import ProblemSerializer, page_data

# Keyed by (status, media type): every error body is sent as `application/problem+json`.
_PROBLEMS = {
    (400, PROBLEM_CONTENT_TYPE): OpenApiResponse(ProblemSerializer, description="Invalid request"),
    (401, PROBLEM_CONTENT_TYPE): OpenApiResponse(
        ProblemSerializer, description="Missing, invalid or expired token"
    ),
    (403, PROBLEM_CONTENT_TYPE): OpenApiResponse(ProblemSerializer, description="Forbidden"),
    (404, PROBLEM_CONTENT_TYPE): OpenApiResponse(ProblemSerializer, description="Not found"),
}


def responses(ok: dict) -> dict:
    """The success responses of an operation, with the problems every operation may give."""
    return {**ok, **_PROBLEMS}


class ContentApi(APIView):
    """Base of the content views: parsing helpers and the 403 of the content rules."""

    schema = ContentAutoSchema()
    list_operation = False  # True on list endpoints (operation ids `…_list`)

    def handle_exception(self, exc):
        if isinstance(exc, DjangoPermissionDenied) and exc.args:
            exc = exceptions.PermissionDenied(str(exc.args[0]))
        return super().handle_exception(exc)

    def query(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def body(self, serializer_class, *, many: bool = False):
        serializer = serializer_class(data=self.request.data, many=many)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def context(self, **extra) -> dict:
        return {"request": self.request, **extra}


class ListApi(ContentApi):
    """`GET` of a paginated list: parse `params_class`, call `selector`, render
    `item_serializer` items in the `{totalCount, pageSize, page, totalPages, sort, order,
    items}` envelope.

    A list is a declaration: the three class attributes, `selector_scope()` when the
    selector needs more than the team (the caller, a parent object from the URL), and its
    schema (`@extend_schema_view(get=extend_schema(…))`). The params serializer keys its
    validated data by the selector's argument names (`source=`), so nothing is mapped here.
    """

    list_operation = True
    params_class = None
    item_serializer = None
    selector = None  # a function: selector(**selector_scope(), **params) -> Page
    with_order = True  # False for lists whose envelope has no `order` (search)

    def selector_scope(self, **url_kwargs) -> dict:
        """The selector's arguments that do not come from the query string."""
        return {"team": self.request.team}

    def get(self, request, team=None, **url_kwargs):
        params = self.query(self.params_class)
        page = type(self).selector(**self.selector_scope(**url_kwargs), **params)
        return Response(
            page_data(
                page,
                item=self.item_serializer,
                sort=params.get("sort"),
                order=params.get("order") if self.with_order else None,
                context=self.context(),
            )
        )

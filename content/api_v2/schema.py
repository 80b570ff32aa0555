"""The OpenAPI 3 document of API v2.3 (`/api/2.3/schema/`), generated from the URLconf.

Every route of `content.api_v2.urls` whose view is a `V2Api` becomes a path, so a method
appears in the document as soon as it is routed, with nothing to edit here:

- the path and its parameters from the route (`<int:id>` an integer; a plural name such
  as `{ids}` or `{tags}` a `;`-separated vector of up to 100 values);
- an operation per HTTP method the view implements (`get`; `post` form-encoded for
  writes), summary and description from the view's docstring, grouped by the path's
  first segment;
- the parameters every method takes (`team`, `site`, `key`, `filter`), `page`/`pagesize`
  when the view pages (it calls `paging`), `sort`/`order`/`min`/`max`/`fromdate`/`todate`
  when it sorts (it calls `sorting`; the sort names from the table it passes, a module
  constant or a `sorts` class attribute), and the view's own `parameters` (a class
  attribute `{name: description}`, optional);
- the response: the v2.3 wrapper around `items` of the view's `item_type`, whose schema
  is built from the `FIELDS` registry (each field says whether the default filter
  includes it), and the v2.3 error for every error status.

drf-spectacular is not used for this face: v2.3 views have no serializers to describe
(`Shape`s and filters are), and they set `schema = None` so the v3 document skips them.
"""

import inspect
import re
import types
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver

from .base import V2Api
from .filters import FIELDS
from .params import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_VECTOR

PREFIX = "/api/2.3/"
SECURITY_SCHEME = "accessToken"
TOKEN_HEADER = "X-API-Access-Token"
SORT_KINDS = frozenset({"date", "int", "str"})

DESCRIPTION = """\
Stack Exchange API v2.3 (with Stack Overflow for Teams' `team=` and articles), served by
Teamstack over the same content as API v3.

- Authenticate with a personal access token in the `X-API-Access-Token` header
  (`Authorization: Bearer` works too). The team is `team=<slug>`, else the token's own.
- Every answer is the wrapper `{items, has_more, quota_max, quota_remaining}` (plus
  `page`, `page_size`, `total`, `type` when the filter includes them, and `backoff`:
  wait that many seconds before the next call). Errors are
  `{error_id, error_name, error_message}`.
- `filter=` chooses the fields: `default`, `withbody`, `none`, `total`, or one made by
  `/filters/create?include=question.body;question.answers`.
- Dates are Unix epoch seconds; `{ids}` are up to 100 values separated by `;`;
  `page` starts at 1, `pagesize` is 0 to 100 (default 30).
"""

# The v2.3 error (every error status a method can answer with).
ERRORS = {
    "400": "bad_parameter: a parameter is not valid (the message names it).",
    "401": "access_token_required or invalid_access_token (an expired token says so).",
    "403": "access_denied: another team's slug, a plan without API access, a read-only "
    "token writing, or a content rule (editing someone else's post…).",
    "404": "no_method: no such method, or a team the caller is not a member of.",
    "502": "throttle_violation: too many requests; the message says how many seconds to "
    "wait. The `x-burst-throttle-*` and `x-token-bucket-*` headers show the budget.",
}

COMMON_PARAMETERS = {
    "team": "The team's slug (Stack Overflow for Teams). Without it, the token's own team.",
    "filter": "Which fields to return: `default`, `withbody`, `none`, `total`, or a filter "
    "made by `/filters/create`.",
    "site": "Accepted and ignored (one Teamstack serves its teams).",
    "key": "An application key: accepted, not required.",
}
PAGING_PARAMETERS = {
    "page": ("integer", "The page, from 1.", {"minimum": 1, "default": 1}),
    "pagesize": (
        "integer",
        f"Items per page, 0 to {MAX_PAGE_SIZE}.",
        {"minimum": 0, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
    ),
}
SORTING_PARAMETERS = {
    "order": ("string", "`desc` (default) or `asc`.", {"enum": ["desc", "asc"]}),
    "min": ("string", "The least value of the sort (an epoch date for date sorts).", {}),
    "max": ("string", "The greatest value of the sort (an epoch date for date sorts).", {}),
    "fromdate": ("integer", "Created at or after this Unix epoch second.", {"minimum": 0}),
    "todate": ("integer", "Created at or before this Unix epoch second.", {"minimum": 0}),
}

# Field names whose type is not read from their spelling (see `field_schema`).
EMBEDDED = {
    "owner": {"$ref": "#/components/schemas/shallow_user"},
    "last_editor": {"$ref": "#/components/schemas/shallow_user"},
    "answers": {"type": "array", "items": {"$ref": "#/components/schemas/answer"}},
    "comments": {"type": "array", "items": {"$ref": "#/components/schemas/comment"}},
}
STRING_LISTS = frozenset({"tags", "synonyms", "included_fields"})
NUMBERS = frozenset({"answers_per_minute", "questions_per_minute"})
INTEGERS = frozenset(
    {"score", "reputation", "reputation_change", "count", "total", "backoff", "page"}
)
BOOLEANS = frozenset({"has_more", "upvoted", "downvoted", "bookmarked", "edited"})


def field_schema(kind: str, name: str) -> dict:
    """The schema of one field of a v2.3 type, by the naming rules of the Stack Exchange
    documentation (`*_date` epoch seconds, `*_id`/`*_count` integers, `is_*` booleans)."""
    if name in EMBEDDED and kind not in ("shallow_user",):
        schema = dict(EMBEDDED[name])
    elif name in STRING_LISTS:
        schema = {"type": "array", "items": {"type": "string"}}
    elif name.endswith("_date"):
        schema = {"type": "integer", "description": "Unix epoch seconds."}
    elif name in NUMBERS:
        schema = {"type": "number"}
    elif (
        name in INTEGERS
        or name.endswith(("_id", "_count", "_size"))
        or name.startswith(("quota_", "total_"))
    ):
        schema = {"type": "integer"}
    elif name in BOOLEANS or name.startswith(("is_", "has_")):
        schema = {"type": "boolean"}
    elif name == "items":
        schema = {"type": "array", "items": {}}
    else:
        schema = {"type": "string"}
    wire = f".{name}" if kind == "" else f"{kind}.{name}"
    note = (
        "In the default filter."
        if FIELDS[kind][name]
        else f"Only with a filter that includes `{wire}`."
    )
    if "$ref" in schema:  # OpenAPI 3.0: nothing may sit beside a $ref
        return {"allOf": [schema], "description": note}
    schema["description"] = " ".join(filter(None, [schema.get("description"), note]))
    return schema


def type_schema(kind: str) -> dict:
    return {
        "type": "object",
        "properties": {name: field_schema(kind, name) for name in FIELDS[kind]},
        "additionalProperties": False,  # a field outside `FIELDS` is never rendered
    }


def wrapper_schema(item_type: str) -> dict:
    schema = type_schema("")
    items = {"$ref": f"#/components/schemas/{item_type}"} if item_type in FIELDS else {}
    schema["properties"]["items"] = {
        "type": "array",
        "items": items,
        "description": "The results, each with the fields the filter includes.",
    }
    for name in ("error_id", "error_message", "error_name"):
        schema["properties"].pop(name, None)
    return schema


ERROR_SCHEMA = {
    "type": "object",
    "required": ["error_id", "error_name", "error_message"],
    "properties": {
        "error_id": {"type": "integer", "example": 400},
        "error_name": {
            "type": "string",
            "enum": [
                "bad_parameter",
                "access_token_required",
                "invalid_access_token",
                "access_denied",
                "no_method",
                "write_failed",
                "throttle_violation",
            ],
        },
        "error_message": {"type": "string"},
    },
}


# --- The routes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    path: str  # as OpenAPI writes it: /api/2.3/questions/{ids}
    name: str  # the URL name, in the `api2` namespace
    view: type
    converters: dict  # path parameter → converter name (`int`, `str`, …)


def v2_routes(patterns=None, prefix: str = "") -> list[Route]:
    """Every v2.3 method routed in `patterns` (default: `content.api_v2.urls`), in route
    order; the catch-all and views that are not `V2Api`s are left out."""
    if patterns is None:
        from . import urls

        patterns = urls.urlpatterns
    found = []
    for pattern in patterns:
        route = prefix + _openapi_route(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += v2_routes(pattern.url_patterns, route)
            continue
        view = getattr(pattern.callback, "view_class", None)
        if isinstance(pattern, URLPattern) and view and issubclass(view, V2Api):
            converters = {
                key: type(value).__name__.removesuffix("Converter").lower()
                for key, value in getattr(pattern.pattern, "converters", {}).items()
            }
            found.append(Route(PREFIX + route, pattern.name, view, converters))
    return found


def _openapi_route(pattern) -> str:
    """`questions/<str:ids>/answers` → `questions/{ids}/answers` (path() and re_path())."""
    text = str(pattern)
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", text)  # re_path() groups first
    text = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", text)
    return text.lstrip("^").rstrip("$").replace("\\", "")


def _path_parameter(name: str, converter: str | None) -> dict:
    if converter == "int":
        schema, description = {"type": "integer", "minimum": 1}, "An id."
    elif name.endswith("s"):
        schema = {"type": "string"}
        description = f"Up to {MAX_VECTOR} values separated by `;`."
    else:
        schema, description = {"type": "string"}, ""
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": schema,
        "description": description,
    }


# --- What a view reads ------------------------------------------------------------------------


def _code_objects(code: types.CodeType):
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _code_objects(const)


def _functions(view: type):
    """The functions a v2.3 view defines itself or inherits from its own base classes."""
    for cls in view.__mro__:
        if not issubclass(cls, V2Api) or cls is V2Api:
            continue
        for value in vars(cls).values():
            function = getattr(value, "__func__", value)
            if isinstance(function, types.FunctionType):
                yield function


def _uses(view: type) -> tuple[set[str], dict | None]:
    """The names the view's code refers to, and the sort table it passes to `sorting`
    (a `{name: kind}` dict that is a module constant or a class attribute it names)."""
    names: set[str] = set()
    sorts = None
    for function in _functions(view):
        for code in _code_objects(function.__code__):
            names.update(code.co_names)
            for name in code.co_names:
                value = function.__globals__.get(name, getattr(view, name, None))
                if _is_sort_table(value):
                    sorts = value
    return names, sorts


def _is_sort_table(value) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(k, str) and v in SORT_KINDS for k, v in value.items())
    )


def _query_parameter(name: str, kind: str, description: str, extra: dict) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": {"type": kind, **extra},
        "description": description,
    }


def _parameters(route: Route, method: str) -> list[dict]:
    view = route.view
    path_names = re.findall(r"{(\w+)}", route.path)
    parameters = [_path_parameter(name, route.converters.get(name)) for name in path_names]
    for name, description in COMMON_PARAMETERS.items():
        parameters.append(_query_parameter(name, "string", description, {}))
    names, sorts = _uses(view)
    if "paging" in names:
        for name, (kind, description, extra) in PAGING_PARAMETERS.items():
            parameters.append(_query_parameter(name, kind, description, extra))
    if "sorting" in names:
        sort_extra = {"enum": list(sorts)} if sorts else {}
        parameters.append(_query_parameter("sort", "string", "How to order.", sort_extra))
        for name, (kind, description, extra) in SORTING_PARAMETERS.items():
            parameters.append(_query_parameter(name, kind, description, extra))
    if method == "get":
        taken = {p["name"] for p in parameters}
        for name, description in getattr(view, "parameters", {}).items():
            if name not in taken:
                parameters.append(_query_parameter(name, "string", description, {}))
    return parameters


def _request_body(view: type) -> dict:
    own = getattr(view, "parameters", {})
    properties = {name: {"type": "string", "description": d} for name, d in own.items()}
    properties.setdefault(
        "preview", {"type": "boolean", "description": "true: validate, save nothing."}
    )
    schema = {"type": "object", "properties": properties, "additionalProperties": True}
    return {
        "required": False,
        "content": {
            "application/x-www-form-urlencoded": {"schema": schema},
            "application/json": {"schema": schema},
        },
    }


def _operation(route: Route, method: str) -> dict:
    path, name, view = route.path, route.name, route.view
    doc = inspect.getdoc(view) or ""
    summary, _, description = doc.partition("\n\n")
    segment = path[len(PREFIX) :].split("/")[0] or "info"
    responses = {
        "200": {
            "description": "The wrapper around the results.",
            "content": {
                "application/json": {
                    "schema": {"$ref": f"#/components/schemas/wrapper_{view.item_type or 'any'}"}
                }
            },
        },
        **{status: {"$ref": f"#/components/responses/{status}"} for status in ERRORS},
    }
    operation = {
        "operationId": f"{name}-{method}" if method != "get" else name,
        "summary": summary.replace("\n", " ") or path,
        "tags": [segment],
        "parameters": _parameters(route, method),
        "responses": responses,
    }
    if description:
        operation["description"] = description
    if method == "post":
        operation["requestBody"] = _request_body(view)
    return operation


def v2_document(patterns=None) -> dict:
    """The OpenAPI 3.0 document of every v2.3 method routed in `patterns`."""
    routes = v2_routes(patterns)
    paths: dict[str, dict] = {}
    wrappers = {"any"}
    for route in routes:
        for method in ("get", "post"):
            if hasattr(route.view, method):
                paths.setdefault(route.path, {})[method] = _operation(route, method)
                wrappers.add(route.view.item_type or "any")
    schemas = {kind: type_schema(kind) for kind in FIELDS if kind}
    for item_type in sorted(wrappers):
        schemas[f"wrapper_{item_type}"] = wrapper_schema(item_type)
    schemas["error"] = ERROR_SCHEMA
    return {
        "openapi": "3.0.3",
        "info": {"title": "Teamstack API v2.3", "version": "2.3", "description": DESCRIPTION},
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": {
                status: {
                    "description": description,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/error"}}
                    },
                }
                for status, description in ERRORS.items()
            },
            "securitySchemes": {
                SECURITY_SCHEME: {
                    "type": "apiKey",
                    "in": "header",
                    "name": TOKEN_HEADER,
                    "description": "A personal access token (Account settings → Personal "
                    "access tokens), as on Stack Overflow for Teams.",
                }
            },
        },
        "security": [{SECURITY_SCHEME: []}],
    }

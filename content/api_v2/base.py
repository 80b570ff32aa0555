"""What every API v2.3 view shares: the team from `team=`, the v2 errors, the response
wrapper, filters, gzip, and the v2 view of the rate limits.

Authentication and the gate are API v3's own (`TeamAccessPermission`, with
`team_from_query`): the same token, the same checks, in the same order. A view parses its
parameters (`params.py`), calls one selector or service of the content core, renders the
items with `Shape`s (`shapes.py`) under the request's filter, and returns `self.wrap(…)`.
"""

import html
import math

from django.conf import settings
from django.utils.decorators import method_decorator
from django.views.decorators.gzip import gzip_page
from rest_framework.exceptions import ParseError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from tokens.parsers import JSONParser
from tokens.throttling import daily_quota_consume

from .errors import v2_exception_handler
from .filters import Filter, filter_parse
from .params import Paging, paging

BODY_NOT_AN_OBJECT_MESSAGE = "The body must be a form or a JSON object of parameters."

# Send `backoff` when no more than this share of the burst budget is left.
BACKOFF_THRESHOLD = 0.2


@method_decorator(gzip_page, name="dispatch")
class V2Api(APIView):
    """Base of the API v2.3 views. JSON only (never an HTML page); gzip when accepted."""

    team_from_query = True
    renderer_classes = [JSONRenderer]
    parser_classes = [FormParser, MultiPartParser, JSONParser]
    item_type = ""  # the wrapper's `type`: "question", "user", …
    # The method's own parameters, for the v2.3 document: {name: description}. The common
    # ones (team, filter, paging, sorting…) are found by `schema.py` without this.
    parameters: dict[str, str] = {}
    schema = None  # described by the v2.3 document (`schema.py`), not by drf-spectacular

    def get_exception_handler(self):
        return v2_exception_handler

    def params(self):
        """The parameters of the request: the form body of a POST, else the query."""
        if self.request.method == "POST":
            if not hasattr(self.request.data, "items"):  # a JSON array or scalar (schemathesis)
                raise ParseError(BODY_NOT_AN_OBJECT_MESSAGE)
            merged = self.request.query_params.copy()
            merged.update(self.request.data)
            return merged
        return self.request.query_params

    @property
    def filter(self) -> Filter:
        if not hasattr(self, "_filter"):
            self._filter = filter_parse(self.params().get("filter"))
        return self._filter

    def paging(self) -> Paging:
        return paging(self.params())

    def context(self, **extra) -> "RenderContext":
        return RenderContext(request=self.request, filter=self.filter, **extra)

    def wrap(
        self,
        items: list,
        *,
        has_more: bool = False,
        page: Paging | None = None,
        total: int | None = None,
        status: int = 200,
    ) -> Response:
        """The v2.3 wrapper of `items` (already rendered), with the wrapper fields the
        filter includes. `total` may be None when the filter does not include it (the
        view then need not count)."""
        flt = self.filter
        remaining = self._quota_remaining()
        wrapper = {
            "items": items,
            "has_more": has_more,
            "quota_max": settings.API_V2_DAILY_QUOTA,
            "quota_remaining": remaining,
        }
        backoff = self._backoff()
        if backoff:
            wrapper["backoff"] = backoff
        if page is not None:
            wrapper["page"] = page.page
            wrapper["page_size"] = page.page_size
        if total is not None:
            wrapper["total"] = total
        if self.item_type:
            wrapper["type"] = self.item_type
        body = {key: value for key, value in wrapper.items() if flt.includes("", key)}
        return Response(body, status=status)

    def wants_total(self) -> bool:
        return self.filter.includes("", "total")

    def _quota_remaining(self) -> int:
        if not hasattr(self.request, "_v2_quota_remaining"):
            self.request._v2_quota_remaining = daily_quota_consume(
                ident=f"user:{self.request.user.pk}", quota=settings.API_V2_DAILY_QUOTA
            )
        return self.request._v2_quota_remaining

    def _backoff(self) -> int | None:
        """Seconds to wait before the next call, when the burst budget is nearly spent."""
        state = getattr(self.request._request, "rate_limit", None)
        if state is None or not hasattr(state, "limits"):
            return None
        left = state.limits.burst_calls - state.window_count
        if left > state.limits.burst_calls * BACKOFF_THRESHOLD:
            return None
        return max(1, math.ceil(state.burst_ms_left / 1000))


class RenderContext:
    """What a `Shape` needs besides the object: the request (absolute links, the viewer),
    the filter, and per-response facts a view computed once (`viewer_is_admin`, …)."""

    def __init__(self, *, request, filter: Filter, **facts):
        self.request = request
        self.filter = filter
        self.facts = facts

    def __getattr__(self, name):
        try:
            return self.facts[name]
        except KeyError:
            raise AttributeError(name) from None

    def url(self, path: str) -> str:
        return self.request.build_absolute_uri(path)

    @property
    def team_slug(self) -> str:
        """The team of the request (the gate resolved it): every web link is under it."""
        return self.request.team.slug

    def text(self, value: str | None) -> str | None:
        """A plain-text field: HTML-escaped unless the filter is `unsafe` (as on Stack)."""
        if value is None or self.filter.unsafe:
            return value
        return html.escape(value, quote=True)


def epoch(value) -> int | None:
    """A datetime as Unix epoch seconds (v2.3 dates)."""
    return None if value is None else int(value.timestamp())


class Shape:
    """A v2.3 type: `fields` maps each field name to a function `(obj, ctx) -> value`.

    `render` keeps the fields the filter includes for this type and leaves out those
    without a value, as Stack does; a field's function runs only when included, so an
    embedded list (`question.answers`) costs nothing unless asked for.
    """

    type_name = ""
    fields: dict = {}

    @classmethod
    def render(cls, obj, ctx: RenderContext) -> dict:
        item = {}
        for name in ctx.filter.included(cls.type_name):
            getter = cls.fields.get(name)
            if getter is None:
                continue
            value = getter(obj, ctx)
            if value is not None:
                item[name] = value
        return item

    @classmethod
    def render_many(cls, objects, ctx: RenderContext) -> list[dict]:
        return [cls.render(obj, ctx) for obj in objects]

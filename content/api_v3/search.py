"""API v3: search."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from .. import selectors
from .base import ListApi, responses
from .serializers.search import (
    PaginatedSearchResultsSerializer,
    SearchParams,
    SearchResultSerializer,
)


@extend_schema_view(
    get=extend_schema(
        summary="Search questions and articles",
        description=(
            "Full-text search over question titles, bodies and answers and article titles "
            'and bodies (PostgreSQL: `websearch` syntax, e.g. `"exact phrase" -excluded`; '
            "sort `relevance` ranks matches). Results are questions (`type` "
            '"question") and articles (`type` "article") in one list.'
        ),
        tags=["Search"],
        parameters=[SearchParams],
        responses=responses({200: PaginatedSearchResultsSerializer}),
    )
)
class SearchApi(ListApi):
    """`GET /search?query=…`: questions and articles of the team matching a free-text
    query."""

    list_operation = False
    params_class = SearchParams
    item_serializer = SearchResultSerializer
    selector = selectors.content_search
    with_order = False

    def selector_scope(self, **url_kwargs) -> dict:
        return {"team": self.request.team, "user": self.request.user}

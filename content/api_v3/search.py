"""API v3: search."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from .. import selectors
from ..selectors import SEARCH_RESULT_LIMIT as LIMIT
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
            '"question") and articles (`type` "article") in one list.\n\n'
            f"A search serves at most {LIMIT:,} results, and `totalCount` counts them: it "
            f"is exact up to {LIMIT:,}, and reads {LIMIT:,} when more posts match (refine "
            f"the query to see the others). Sorts `newest`, `active` and `score` serve the "
            f"first {LIMIT:,} matches in their order; `relevance` ranks the {LIMIT:,} "
            "newest matches."
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

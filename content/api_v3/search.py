"""API v3: search."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from .. import selectors
from .base import ListApi, responses
from .serializers.search import (
    PaginatedSearchResultsSerializer,
    QuestionSearchResultSerializer,
    SearchParams,
)


@extend_schema_view(
    get=extend_schema(
        summary="Search questions",
        description=(
            "Full-text search over question titles, bodies and answers (PostgreSQL: "
            '`websearch` syntax, e.g. `"exact phrase" -excluded`; sort `relevance` ranks '
            "matches). Results are questions only."
        ),
        tags=["Search"],
        parameters=[SearchParams],
        responses=responses({200: PaginatedSearchResultsSerializer}),
    )
)
class SearchApi(ListApi):
    """`GET /search?query=…`: questions of the team matching a free-text query."""

    list_operation = False
    params_class = SearchParams
    item_serializer = QuestionSearchResultSerializer
    selector = selectors.question_search
    with_order = False

    def selector_scope(self, **url_kwargs) -> dict:
        return {"team": self.request.team, "user": self.request.user}

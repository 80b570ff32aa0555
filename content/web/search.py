"""The search page, `/teams/<team>/search/?q=…`: the API's search (`selectors.
content_search`: PostgreSQL full text with `websearch` syntax), its matches highlighted."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from .. import selectors
from ..services.texts import control_characters_message
from .common import PAGE_SIZE, choice, page_number, pager, team_page

QUERY_MAX_LENGTH = 500  # as the API's `query`
QUERY_TOO_LONG_MESSAGE = f"A search has at most {QUERY_MAX_LENGTH} characters."
QUERY_CONTROL_MESSAGE = "A search cannot contain control characters."
SORTS = {
    "relevance": "Relevance",
    "newest": "Newest",
    "active": "Active",
    "score": "Score",
}


@require_safe
@team_page
def search(request):
    query = request.GET.get("q", "").strip()
    sort = choice(request, "sort", SORTS, "relevance")
    error, page, highlights = "", None, {}
    if len(query) > QUERY_MAX_LENGTH:
        error = QUERY_TOO_LONG_MESSAGE
    elif control_characters_message(query, multiline=False):
        error = QUERY_CONTROL_MESSAGE
    elif query:
        page = selectors.content_search(
            team=request.team,
            user=request.user,
            query=query,
            page=page_number(request),
            page_size=PAGE_SIZE,
            sort=sort,
        )
        highlights = selectors.search_highlights(items=page.items, query=query)
    results = []
    if page is not None:
        for item in page.items:
            kind = "article" if item._meta.model_name == "article" else "question"
            results.append(
                {"kind": kind, "post": item, "highlight": highlights.get((kind, item.pk))}
            )
    return render(
        request,
        "content/search.html",
        {
            "section": "search",
            "search_query": query,
            "sort": sort,
            "sorts": SORTS.items(),
            "error": error,
            "page": page,
            "pager": pager(page) if page is not None else None,
            "results": results,
        },
    )

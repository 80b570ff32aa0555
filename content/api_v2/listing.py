"""A page of a content selector (`selectors.pagination.Page`) as a v2.3 response: the
`has_more` of the wrapper from the page's count, `page`/`page_size`/`total` when the
filter includes them."""

from rest_framework.response import Response

from ..selectors.pagination import Page
from .base import V2Api
from .params import Paging


def page_response(view: V2Api, page: Page, items: list, paging: Paging) -> Response:
    offset = (paging.page - 1) * paging.page_size
    return view.wrap(
        items,
        has_more=offset + len(page.items) < page.total_count,
        page=paging,
        total=page.total_count,
    )

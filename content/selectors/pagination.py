"""Pages of a list in the v3 shape: `{totalCount, pageSize, page, totalPages, …, items}`."""

import math
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

DEFAULT_PAGE_SIZE = 30
MAX_PAGE_SIZE = 100
MAX_PAGE = 2_147_483_647  # int32, as in the official document


@dataclass(frozen=True)
class Page:
    items: list
    total_count: int
    page: int
    page_size: int
    # A bounded list (search) that stopped counting: more match than `total_count`.
    truncated: bool = False

    @property
    def total_pages(self) -> int:
        """At least 1, even for an empty list: scripts loop `until page == totalPages`."""
        return max(1, math.ceil(self.total_count / self.page_size))


def paginate(
    queryset: QuerySet,
    *,
    page: int,
    page_size: int,
    total_count: int,
    decorate: Callable[[QuerySet], QuerySet] | None = None,
) -> Page:
    """One page of an ordered queryset.

    The page is cut on the bare, index-ordered queryset (only primary keys, so a deep
    OFFSET walks the sort index and nothing else), and the joins, annotations and
    prefetches that `decorate` adds run only for the rows of that page: one query
    (`WHERE pk IN (SELECT pk … ORDER BY … LIMIT … OFFSET …)`) plus its prefetches,
    whatever the page size.
    """
    offset = (page - 1) * page_size
    if offset >= total_count:
        return Page(items=[], total_count=total_count, page=page, page_size=page_size)
    ordering = queryset.query.order_by
    keys = queryset.values("pk")[offset : offset + page_size]
    rows = queryset.model._default_manager.filter(pk__in=keys).order_by(*ordering)
    if decorate is not None:
        rows = decorate(rows)
    return Page(items=list(rows), total_count=total_count, page=page, page_size=page_size)

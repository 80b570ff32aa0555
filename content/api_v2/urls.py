"""API v2.3 routes (`/api/2.3/…`). The team is the `team=` query parameter, or the token's
own; each resource's routes in its own list."""

from django.urls import path, re_path

from . import filters_api, info
from .errors import v2_no_method

filter_urls = [
    path("filters/create", filters_api.FilterCreateApi.as_view(), name="filter-create"),
    path("filters/<str:filters>", filters_api.FilterDetailApi.as_view(), name="filter-detail"),
]

info_urls = [
    path("info", info.InfoApi.as_view(), name="info"),
]

urlpatterns = [
    *filter_urls,
    *info_urls,
    # Anything else under /api/2.3/ is a v2.3 `no_method` error.
    re_path(r"", v2_no_method, name="no-method"),
]

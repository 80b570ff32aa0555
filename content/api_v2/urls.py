"""API v2.3 routes (`/api/2.3/…`). The team is the `team=` query parameter, or the token's
own; each resource's routes in its own list."""

from django.urls import path, re_path

from . import articles, filters_api, info, tags, users
from .errors import v2_no_method

filter_urls = [
    path("filters/create", filters_api.FilterCreateApi.as_view(), name="filter-create"),
    path("filters/<str:filters>", filters_api.FilterDetailApi.as_view(), name="filter-detail"),
]

info_urls = [
    path("info", info.InfoApi.as_view(), name="info"),
]

user_urls = [
    path("users", users.UserListApi.as_view(), name="user-list"),
    path("users/<str:ids>", users.UserDetailApi.as_view(), name="user-detail"),
    path(
        "users/<str:ids>/reputation-history",
        users.ReputationHistoryApi.as_view(),
        name="user-reputation-history",
    ),
    path("me", users.MeApi.as_view(), name="me"),
    path(
        "me/reputation-history",
        users.MeReputationHistoryApi.as_view(),
        name="me-reputation-history",
    ),
]

tag_urls = [
    path("tags", tags.TagListApi.as_view(), name="tag-list"),
    path("tags/<str:tags>/info", tags.TagInfoApi.as_view(), name="tag-info"),
]

article_urls = [
    path("articles", articles.ArticleListApi.as_view(), name="article-list"),
    path("articles/add", articles.ArticleAddApi.as_view(), name="article-add"),
    path("articles/<int:id>/edit", articles.ArticleEditApi.as_view(), name="article-edit"),
    path("articles/<str:ids>", articles.ArticleDetailApi.as_view(), name="article-detail"),
]

urlpatterns = [
    *filter_urls,
    *info_urls,
    *user_urls,
    *tag_urls,
    *article_urls,
    # Anything else under /api/2.3/ is a v2.3 `no_method` error.
    re_path(r"", v2_no_method, name="no-method"),
]

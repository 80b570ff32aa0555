"""Root URLs: every app's routes are wired here."""

from django.contrib import admin
from django.urls import include, path

import content.urls
import tokens.urls
from tokens.docs import ApiDocsView, ApiSchemaView

api_v3 = ([*tokens.urls.urlpatterns, *content.urls.urlpatterns], "api")

urlpatterns = [
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
    # PAT settings page and the API's docs (public, outside the `api` namespace).
    path("users/pats/", include("tokens.page_urls")),
    path("api/v3/schema/", ApiSchemaView.as_view(), name="api-schema"),
    path("api/v3/docs/", ApiDocsView.as_view(), name="api-docs"),
    path("api/v3/", include(api_v3)),
]

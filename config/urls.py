"""Root URLs: every app's routes are wired here."""

from django.contrib import admin
from django.urls import include, path, re_path

import content.api_v2.urls
import content.api_v3.urls
import tokens.urls
from content.agents.views import McpApi
from content.api_v2.docs import V2DocsView, V2SchemaView
from tokens.discovery import ProtectedResourceMetadataView
from tokens.docs import ApiDocsView, ApiSchemaView
from tokens.errors import api_not_found

api_v3 = ([*tokens.urls.urlpatterns, *content.api_v3.urls.urlpatterns], "api")
api_v2 = (content.api_v2.urls.urlpatterns, "api2")

urlpatterns = [
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("", include("content.web.urls")),
    # PAT settings page and the API's docs (public, outside the `api` namespace).
    path("users/pats/", include("tokens.page_urls")),
    path("api/v3/schema/", ApiSchemaView.as_view(), name="api-schema"),
    path("api/v3/docs/", ApiDocsView.as_view(), name="api-docs"),
    path("api/v3/", include(api_v3)),
    path("api/2.3/schema/", V2SchemaView.as_view(), name="api2-schema"),
    path("api/2.3/docs/", V2DocsView.as_view(), name="api2-docs"),
    path("api/2.3/", include(api_v2)),
    # The MCP server for AI agents (content/agents), behind the same tokens.
    path("mcp", McpApi.as_view(), name="mcp"),
    # RFC 9728 metadata of the site and of the MCP endpoint (named by its 401 challenges).
    path(
        ".well-known/oauth-protected-resource",
        ProtectedResourceMetadataView.as_view(),
        name="oauth-protected-resource",
    ),
    path(
        ".well-known/oauth-protected-resource/mcp",
        ProtectedResourceMetadataView.as_view(resource_path="/mcp"),
        name="oauth-protected-resource-mcp",
    ),
    # Anything else under /api/ is a 404 problem (JSON), never an HTML page.
    re_path(r"^api/", api_not_found, name="api-not-found"),
]

# A 500 under /api/ is a problem+json (or v2 error) too; a database outage there is a 503.
handler500 = "config.errors.server_error"

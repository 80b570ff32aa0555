"""Root URLs: every app's routes are wired here."""

from django.contrib import admin
from django.urls import include, path, re_path
from oauth2_provider.views import OAuthServerMetadataView

import content.api_v2.urls
import content.api_v3.urls
import tokens.oauth.urls
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
    # Enterprise API applications (tokens/oauth): a team admin's page, a user's page, and
    # the OAuth 2.0 endpoints (authorize, token, revoke_token, introspect).
    path(
        "teams/<slug:team>/settings/api-applications/",
        include(tokens.oauth.urls.team_page_urlpatterns),
    ),
    path("users/applications/", include(tokens.oauth.urls.user_page_urlpatterns)),
    path("oauth/", include(tokens.oauth.urls)),
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
    # RFC 8414 metadata of the authorization server (the API applications' OAuth 2.0).
    path(
        ".well-known/oauth-authorization-server",
        OAuthServerMetadataView.as_view(),
        name="oauth-authorization-server",
    ),
    # Anything else under /api/ is a 404 problem (JSON), never an HTML page.
    re_path(r"^api/", api_not_found, name="api-not-found"),
]

# A 500 under /api/ is a problem+json (or v2 error) too; a database outage there is a 503.
handler500 = "config.errors.server_error"

"""RFC 9728 protected resource metadata: how a client learns what guards a resource.

A client that is refused (401) finds in the `WWW-Authenticate` challenge a
`resource_metadata` URL; the document there names the resource, how to present a token
(`Authorization: Bearer …` only) and the scopes tokens carry. MCP clients read it before
they try to obtain a token (the MCP authorization specification). The metadata of a
resource at `/<path>` lives at `/.well-known/oauth-protected-resource/<path>` (RFC 9728
§3.1): `/.well-known/oauth-protected-resource` for the site as a whole,
`/.well-known/oauth-protected-resource/mcp` for the MCP endpoint.

Personal access tokens are made by people on the settings page; OAuth access tokens of an
Enterprise team's API applications come from this site's own authorization server, which
`authorization_servers` names (its RFC 8414 metadata is at
`/.well-known/oauth-authorization-server`). `no_expiry` is an OAuth scope only.
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views import View

# The scopes of a personal access token, by the names `GET /api/v3/me/token` reports, and
# the OAuth scope that keeps an application's access token from expiring.
SCOPES_SUPPORTED = ["access_team", "write_access", "no_expiry"]
METADATA_MAX_AGE_SECONDS = 3600
WELL_KNOWN_PATH = "/.well-known/oauth-protected-resource"


def resource_metadata_url(request, resource_path: str) -> str:
    """The absolute URL of the metadata of the resource at `resource_path` (RFC 9728 §3.1),
    for the `resource_metadata` parameter of a challenge (§5.1)."""
    suffix = "" if resource_path == "/" else resource_path
    return request.build_absolute_uri(WELL_KNOWN_PATH + suffix)


class ProtectedResourceMetadataView(View):
    """`GET /.well-known/oauth-protected-resource[/<path>]`: public JSON, cacheable, readable
    by browser-based clients of any origin (it holds nothing secret)."""

    http_method_names = ["get", "head", "options"]
    resource_path = "/"

    def get(self, request):
        resource = request.build_absolute_uri(self.resource_path)
        if self.resource_path == "/":
            resource = resource.rstrip("/")  # the site itself: its origin
        metadata = {
            "resource": resource,
            "resource_name": settings.SITE_NAME,
            # The issuer of our OAuth access tokens: this site (tokens/oauth/).
            "authorization_servers": [request.build_absolute_uri("/").rstrip("/")],
            "bearer_methods_supported": ["header"],
            "scopes_supported": SCOPES_SUPPORTED,
            "resource_documentation": request.build_absolute_uri(reverse("api-docs")),
        }
        response = JsonResponse(metadata)
        response["Cache-Control"] = f"public, max-age={METADATA_MAX_AGE_SECONDS}"
        return _cors(response)

    def options(self, request, *args, **kwargs):
        return _cors(HttpResponse(status=204))


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, OPTIONS"
    response["Access-Control-Allow-Headers"] = "*"
    return response

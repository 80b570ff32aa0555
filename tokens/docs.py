"""The API's own documentation: the OpenAPI schema and Swagger UI with a dedicated PAT.

Both are public. A signed-in visitor of the docs picks one of their API-enabled teams and
presses "Authorize Swagger UI": that POST (CSRF-protected, refused when the browser says it
comes from another site) mints the Swagger UI token for the team (`token_create_for_swagger`),
and its code goes into that one HTML response (sent `no-store`), which pre-authorizes Swagger
UI and replaces its own history entry so that a reload is a GET. A GET never mints: a link
from another site cannot revoke the previous Swagger token or write audit events.
"""

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import add_never_cache_headers
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer

from teams.selectors import team_list_for_user

from .addresses import client_address
from .errors import PROBLEM_CONTENT_TYPE
from .schema import PersonalAccessTokenScheme
from .services import token_create_for_swagger

UNKNOWN_DOCS_TEAM_MESSAGE = "You have no team with API access by that name."
CROSS_SITE_DOCS_MESSAGE = "The Swagger UI token can only be made from this site's docs page."
DOCS_LOGIN_MESSAGE = "Log in to get a Swagger UI token."
# `Sec-Fetch-Site` values of a POST made by the docs page itself (or typed by its user);
# browsers that do not send the header are covered by the CSRF check alone.
_SAME_SITE_FETCHES = {"same-origin", "none"}


class ProblemJsonErrorsMixin:
    """Errors leave as problem+json like the rest of the API, whatever renderer (HTML
    template, YAML) the page itself is served with. (A face with another error shape sets
    its exception handler and `error_content_type`.)"""

    error_content_type = PROBLEM_CONTENT_TYPE

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        error = HttpResponse(
            JSONRenderer().render(response.data),
            status=response.status_code,
            content_type=self.error_content_type,
        )
        for header, value in response.items():
            if header.lower() != "content-type":
                error[header] = value
        return error


class ApiSchemaView(ProblemJsonErrorsMixin, SpectacularAPIView):
    """`GET /api/v3/schema/`: the OpenAPI 3 schema, for anyone."""

    permission_classes = [AllowAny]
    authentication_classes = []


class ApiDocsView(ProblemJsonErrorsMixin, SpectacularSwaggerView):
    """`/api/v3/docs/`: Swagger UI from local assets, pre-authorized for members on request.

    GET shows the docs and, to a member, a team picker (`?team=<slug>` preselects; the first
    API-enabled team is the default). POST `team=<slug>` mints the Swagger UI token for that
    team and shows the page pre-authorized with it. Anonymous visitors get the plain docs
    and can paste a token into "Authorize".
    """

    permission_classes = [AllowAny]
    authentication_classes = [SessionAuthentication]  # enforces CSRF on the POST
    parser_classes = [FormParser, MultiPartParser]
    template_name = "tokens/swagger_ui.html"
    url_name = "api-schema"
    security_scheme = PersonalAccessTokenScheme.name
    docs_title = "API v3 documentation"
    other_docs = ("api2-docs", "API v2.3 docs")  # (URL name, link text)

    def _get_schema_auth_names(self):
        return []  # the schema is public: never send the session's token to fetch it

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        return self._page(request, slug=request.GET.get("team"), mint=False)

    @extend_schema(exclude=True)
    def post(self, request, *args, **kwargs):
        fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
        if fetch_site is not None and fetch_site not in _SAME_SITE_FETCHES:
            raise PermissionDenied(CROSS_SITE_DOCS_MESSAGE)
        if not request.user.is_authenticated:
            raise NotAuthenticated(DOCS_LOGIN_MESSAGE)
        return self._page(request, slug=request.data.get("team"), mint=True)

    def _page(self, request, *, slug: str | None, mint: bool):
        response = super().get(request)
        response.data["swagger_config"] = {  # read by static/js/swagger-init.js
            "schemaUrl": response.data["schema_url"],
            "settings": spectacular_settings.SWAGGER_UI_SETTINGS,
            "csrfHeaderName": response.data["csrf_header_name"],
            "csrfToken": get_token(request),
        }
        response.data["security_scheme"] = self.security_scheme
        response.data["docs_title"] = self.docs_title
        response.data["other_docs"] = self.other_docs
        add_never_cache_headers(response)
        if not request.user.is_authenticated:
            return response
        teams = [team for team in team_list_for_user(user=request.user) if team.allows_api_access]
        if slug is not None:
            chosen = next((team for team in teams if team.slug == slug), None)
            if chosen is None:
                raise NotFound(UNKNOWN_DOCS_TEAM_MESSAGE)
        else:
            chosen = teams[0] if teams else None
        response.data.update({"teams": teams, "chosen_team": chosen})
        if mint and chosen is not None:
            try:
                token, code = token_create_for_swagger(
                    user=request.user, team=chosen, ip=client_address(request)
                )
            except ValidationError as exc:
                response.data["token_error"] = " ".join(exc.messages)
            else:
                response.data.update({"swagger_token": token, "swagger_code": code})
        return response

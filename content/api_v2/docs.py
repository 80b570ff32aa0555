"""API v2.3's own documentation: the OpenAPI document (`/api/2.3/schema/`) and a Swagger
UI page (`/api/2.3/docs/`), public like v3's.

The page is v3's (`tokens.docs.ApiDocsView`: local assets, the team picker, the dedicated
Swagger UI token that pre-authorizes it) pointed at the v2.3 document, whose `apiKey`
scheme sends that token in `X-API-Access-Token`. Errors are v2.3 errors.
"""

from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from tokens.docs import ApiDocsView, ProblemJsonErrorsMixin

from .errors import v2_exception_handler
from .schema import SECURITY_SCHEME, v2_document


class V2ErrorsMixin(ProblemJsonErrorsMixin):
    """Errors of the docs views in the v2.3 shape (JSON, never an HTML page)."""

    error_content_type = "application/json"

    def get_exception_handler(self):
        return v2_exception_handler


class V2SchemaView(V2ErrorsMixin, APIView):
    """`GET /api/2.3/schema/`: the OpenAPI 3 document of API v2.3, for anyone (JSON, or
    YAML when asked for `application/vnd.oai.openapi`)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    renderer_classes = [JSONRenderer, OpenApiJsonRenderer, OpenApiYamlRenderer]
    schema = None  # not part of the v3 document

    def get(self, request):
        return Response(v2_document())


class V2DocsView(V2ErrorsMixin, ApiDocsView):
    """`GET /api/2.3/docs/`: Swagger UI on the v2.3 document, pre-authorized for members
    (`?team=<slug>` picks the team, as on the v3 page)."""

    url_name = "api2-schema"
    title = "Teamstack API v2.3"
    security_scheme = SECURITY_SCHEME
    docs_title = "API v2.3 documentation"
    other_docs = ("api-docs", "API v3 docs")
    schema = None

"""OpenAPI description of PAT authentication (drf-spectacular extension)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class PersonalAccessTokenScheme(OpenApiAuthenticationExtension):
    target_class = "tokens.authentication.PersonalAccessTokenAuthentication"
    name = "personalAccessToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "tspat_…",
            "description": (
                "A personal access token from Account settings → Personal access tokens, sent "
                "as `Authorization: Bearer <token>` (or `X-API-Access-Token: <token>`)."
            ),
        }

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


class OAuthAccessTokenScheme(OpenApiAuthenticationExtension):
    target_class = "tokens.oauth.authentication.OAuthAccessTokenAuthentication"
    name = "oauthAccessToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "tsoat_…",
            "description": (
                "An Enterprise team's API application's OAuth 2.0 access token (authorization "
                "code with PKCE at /oauth/authorize/ and /oauth/token/; metadata at "
                "/.well-known/oauth-authorization-server), sent as `Authorization: Bearer "
                "<token>` (or `X-API-Access-Token: <token>`)."
            ),
        }


class ApplicationKeyScheme(OpenApiAuthenticationExtension):
    target_class = "tokens.oauth.authentication.ApplicationKeyAuthentication"
    name = "applicationKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-API-Key",
            "description": (
                "An Enterprise team's API application's key alone (`tsak_…`; or `key=` in the "
                "query string): read-only, as an anonymous member of the application's team."
            ),
        }

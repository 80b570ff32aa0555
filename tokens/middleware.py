"""Response headers that depend on the personal access token of the request."""

from .models import PersonalAccessToken


class TokenExpiryHeaderMiddleware:
    """Add `X-Token-Expires-At` (ISO 8601) to every response made with an expiring PAT.

    DRF puts the authenticated token on the underlying Django request as `request.auth`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        token = getattr(request, "auth", None)
        if isinstance(token, PersonalAccessToken) and token.expires_at is not None:
            response["X-Token-Expires-At"] = token.expires_at.isoformat()
        return response

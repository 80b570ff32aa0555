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


class ApiHeadWithoutBodyMiddleware:
    """Send no body in a response to HEAD under `/api/` (RFC 9110 §9.3.2).

    DRF renders a body for every response, errors included, and Django leaves the HEAD rule
    to the server: gunicorn drops the bytes but logs a warning for each such response.
    `Content-Length` stays the length a GET would have sent, as HEAD allows. Outermost in
    MIDDLEWARE, so it sees every response, the error pages included.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method != "HEAD" or not request.path.startswith("/api/"):
            return response
        if response.streaming:
            response.streaming_content = []
        else:
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response

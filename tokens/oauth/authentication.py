"""Who is calling: DRF authentication by an API application's OAuth 2.0 access token, or by
its application key alone."""

from django.utils import timezone
from django.views.decorators.debug import sensitive_variables
from rest_framework.authentication import BaseAuthentication

from tokens import codes
from tokens.authentication import PersonalAccessTokenAuthentication
from tokens.errors import REALM, ExpiredToken, InvalidToken
from tokens.throttling import rate_limit_keep, rate_limit_prepay, token_ident

from .codes import ACCESS_TOKEN_PREFIX, APPLICATION_KEY_PREFIX
from .selectors import access_token_get_for_authentication, application_key_get_for_authentication


class OAuthAccessTokenAuthentication(PersonalAccessTokenAuthentication):
    """Authenticate an OAuth access token (`tsoat_…`) in `Authorization: Bearer <code>` or
    `X-API-Access-Token: <code>`, the same headers as a personal access token.

    Return a two-tuple of (user, credential), the credential an `OAuthAccessCredential`;
    return None when the request carries no token or another kind of code (the PAT class,
    next in line, decides those). A `tsoat_` code is refused (401) when it fails its shape
    or checksum (in memory, no query), when no access token has its digest (never issued,
    revoked by the user or the client, or replaced by a refresh), when it has expired, when
    its user is inactive or no longer a member of the application's team. One statement
    reads all of it on every request; the plan is checked by the permission class.
    """

    @sensitive_variables("code", "digest")
    def authenticate(self, request):
        code = self.get_code(request)
        if code is None or not code.startswith(ACCESS_TOKEN_PREFIX):
            return None
        if not codes.is_well_formed(code, ACCESS_TOKEN_PREFIX):
            raise InvalidToken()
        digest = codes.digest(code)
        pending = rate_limit_prepay(request, ident=token_ident(digest))
        try:
            credential = access_token_get_for_authentication(digest=digest)
        finally:
            if pending is not None:
                pending.result()
        if credential is None or not credential.user.is_active or not credential.is_member:
            raise InvalidToken()
        if credential.is_expired(timezone.now()):
            raise ExpiredToken()
        if pending is not None:
            rate_limit_keep(request, pending)
        return (credential.user, credential)


class ApplicationKeyAuthentication(BaseAuthentication):
    """Authenticate an API application's key used alone: `X-API-Key: tsak_…`, or `key=tsak_…`
    in the query string (as Stack's API v2.3 clients send their key).

    Return (key user, `ApplicationKeyCredential`); None when there is no key, or when
    `key=` holds something else (a v2.3 client's key of another kind, sent with a token that
    the classes before this one already judged). A key is refused (401) when it fails its
    shape or checksum (no query), when no application has it, or when its application no
    longer allows it. The permission class keeps it to the application's team, read-only,
    on Enterprise.
    """

    header = "HTTP_X_API_KEY"
    query_parameter = "key"

    @sensitive_variables("code", "digest")
    def authenticate(self, request):
        code = request.META.get(self.header)
        if code is None:
            code = request.query_params.get(self.query_parameter)
            if code is None or not code.startswith(APPLICATION_KEY_PREFIX):
                return None
        code = code.strip()
        if not codes.is_well_formed(code, APPLICATION_KEY_PREFIX):
            raise InvalidToken()
        digest = codes.digest(code)
        pending = rate_limit_prepay(request, ident=token_ident(digest))
        try:
            credential = application_key_get_for_authentication(digest=digest)
        finally:
            if pending is not None:
                pending.result()
        if credential is None or not credential.user.is_active:
            raise InvalidToken()
        if pending is not None:
            rate_limit_keep(request, pending)
        return (credential.user, credential)

    def authenticate_header(self, request):
        return f'Bearer realm="{REALM}"'

"""Who is calling: DRF authentication by OAuth 2.0 access token of an API application."""

from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from tokens import codes
from tokens.authentication import PersonalAccessTokenAuthentication
from tokens.errors import ExpiredToken, InvalidToken
from tokens.throttling import rate_limit_keep, rate_limit_prepay, token_ident

from .codes import ACCESS_TOKEN_PREFIX
from .selectors import access_token_get_for_authentication


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

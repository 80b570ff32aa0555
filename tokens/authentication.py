"""Who is calling: DRF authentication by personal access token."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables
from rest_framework.authentication import BaseAuthentication

from . import codes
from .errors import REALM, ExpiredToken, InvalidToken
from .models import PersonalAccessToken
from .selectors import token_get_for_authentication
from .throttling import rate_limit_keep, rate_limit_prepay, token_ident


class PersonalAccessTokenAuthentication(BaseAuthentication):
    """Authenticate `Authorization: Bearer <code>` or `X-API-Access-Token: <code>`.

    Return a two-tuple of (user, token), so views see the token as `request.auth`; return
    None when the request carries no token at all. A token is refused (401) when it is
    malformed or fails its checksum (decided in memory, no query), when no token has its
    digest (never created, or deleted), when it has expired, when its user is inactive, or
    when its user is no longer a member of its team. These are all read from the database
    on every request, so a revocation takes effect on the very next one.
    """

    keyword = "bearer"
    header = "HTTP_X_API_ACCESS_TOKEN"  # the header Stack Internal API v2.3 clients send

    # If anything below raises (a database outage, say), the error report lists each frame's
    # local variables: the code must show there as stars, like a password would. Applied
    # straight to the methods: `method_decorator` would re-wrap them on every call (two
    # `functools.wraps` each, about 10 µs per method per request); the error reporter finds
    # the wrapper's frame either way.
    @sensitive_variables("code", "digest")
    def authenticate(self, request):
        code = self.get_code(request)
        if code is None:
            return None
        if not codes.is_well_formed(code):
            raise InvalidToken()
        digest = codes.digest(code)
        # The rate-limit charge goes to Redis first and is read after the statement: the
        # two round trips overlap (tokens/throttling.py). Its reply is read even if the
        # statement fails, which gives the Redis connection back.
        pending = rate_limit_prepay(request, ident=token_ident(digest))
        try:
            token = token_get_for_authentication(digest=digest)
        finally:
            if pending is not None:
                pending.result()
        if token is None or not token.user.is_active or not token.is_member:
            raise InvalidToken()
        now = timezone.now()
        if token.is_expired(now):
            raise ExpiredToken()
        if pending is not None:
            rate_limit_keep(request, pending)
        self.touch(token, now)
        return (token.user, token)

    @sensitive_variables()  # every local here holds the headers' values
    def get_code(self, request) -> str | None:
        """The token code from the request, None if there is none; garbage is InvalidToken."""
        meta = request.META
        from_header = meta.get(self.header)
        from_authorization = None
        authorization = meta.get("HTTP_AUTHORIZATION")
        if authorization is not None:
            scheme, _, rest = authorization.strip().partition(" ")
            if scheme.lower() == self.keyword:
                from_authorization = rest.strip()
                if not from_authorization or " " in from_authorization:
                    raise InvalidToken()
        both = from_header is not None and from_authorization is not None
        if both and from_header.strip() != from_authorization:
            raise InvalidToken()  # two different tokens: refuse rather than guess
        code = from_authorization if from_authorization is not None else from_header
        return None if code is None else code.strip()

    @staticmethod
    def touch(token: PersonalAccessToken, now) -> None:
        """Refresh last_used_at at most once a minute, without a read-modify-write race.

        Most requests write nothing: the row we already hold says it was used recently.
        When it was not, one conditional UPDATE wins even if several workers try at once.
        """
        threshold = now - timedelta(seconds=settings.PAT_LAST_USED_RESOLUTION_SECONDS)
        if token.last_used_at is not None and token.last_used_at >= threshold:
            return
        PersonalAccessToken.objects.filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lt=threshold), pk=token.pk
        ).update(last_used_at=now)
        token.last_used_at = now

    def authenticate_header(self, request):
        return f'Bearer realm="{REALM}"'

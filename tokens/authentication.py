"""Who is calling: DRF authentication by personal access token."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables
from rest_framework.authentication import BaseAuthentication

from . import codes
from .addresses import client_address, recent_addresses_with
from .errors import REALM, AddressNotAllowed, ExpiredToken, InvalidToken
from .models import PersonalAccessToken
from .policies import address_refusal
from .selectors import token_get_for_authentication
from .services import token_alert_new_address
from .throttling import rate_limit_keep, rate_limit_prepay, token_ident


class PersonalAccessTokenAuthentication(BaseAuthentication):
    """Authenticate `Authorization: Bearer <code>` or `X-API-Access-Token: <code>`.

    Return a two-tuple of (user, token), so views see the token as `request.auth`; return
    None when the request carries no token at all. A token is refused (401) when it is
    malformed or fails its checksum (decided in memory, no query), when no token has its
    digest (never created, or deleted), when it has expired, when its user is inactive, or
    when its user is no longer a member of its team. These are all read from the database
    on every request, so a revocation takes effect on the very next one. The code a
    rotation replaced works until its overlap window closes or the new code is first used
    (`token.via_previous_code` tells which code the request carried). A request from an
    address outside the team's or the token's IP allowlist is refused with 403.
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
        token.via_previous_code = token.digest != digest
        if token.via_previous_code and not token.previous_code_valid(now):
            raise InvalidToken()  # a replaced code whose overlap window has closed
        if token.is_expired(now):
            raise ExpiredToken()
        if pending is not None:
            rate_limit_keep(request, pending)
        self.check_address(token, request)
        self.touch(token, now, request=request)
        return (token.user, token)

    @staticmethod
    def check_address(token: PersonalAccessToken, request) -> None:
        """Refuse (403) a request from outside the team's or the token's IP allowlist, both
        read with the token in its one statement (`token.team_policy`, `allowed_networks`).
        In memory: no query, and no work at all for a token without allowlists."""
        policy = token.team_policy
        if token.allowed_networks or (policy is not None and policy.allowed_networks):
            refusal = address_refusal(token, client_address(request))
            if refusal is not None:
                raise AddressNotAllowed(refusal)

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
    def touch(token: PersonalAccessToken, now, *, request=None) -> None:
        """Refresh last_used_at and the recent addresses at most once a minute, and end a
        rotation's overlap window at the new code's first use; without a read-modify-write
        race on last_used_at.

        Most requests write nothing: the row we already hold says it was used recently and
        has no replaced code waiting. Otherwise one conditional UPDATE does both: several
        workers may try at once, and the first to commit wins the once-a-minute refresh (a
        loser's address waits for the next minute's write). The winner also alerts the
        owner, if they asked, when the address is not among the token's recent ones
        (`token_alert_new_address`: at most once per token per day).
        """
        threshold = now - timedelta(seconds=settings.PAT_LAST_USED_RESOLUTION_SECONDS)
        stale = token.last_used_at is None or token.last_used_at < threshold
        ends_overlap = token.previous_digest is not None and not token.via_previous_code
        if not stale and not ends_overlap:
            return
        condition = Q(last_used_at__isnull=True) | Q(last_used_at__lt=threshold)
        changes = {}
        recent, address = token.recent_addresses, None
        if stale:
            address = None if request is None else client_address(request)
            changes["last_used_at"] = now
            changes["recent_addresses"] = recent_addresses_with(
                token.recent_addresses, address, now.isoformat()
            )
        if ends_overlap:
            # The new code is in use: the replaced one stops now (GitLab-style rotation
            # with a grace period that ends as soon as the client has switched).
            condition |= Q(previous_digest=token.previous_digest)
            changes["previous_digest"] = None
            changes["previous_valid_until"] = None
        won = PersonalAccessToken.objects.filter(condition, pk=token.pk).update(**changes)
        for name, value in changes.items():
            setattr(token, name, value)
        if won and stale:
            token_alert_new_address(token=token, recent=recent, address=address, now=now)

    def authenticate_header(self, request):
        return f'Bearer realm="{REALM}"'

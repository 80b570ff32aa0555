"""May they do this here: the one gate every team-scoped API view goes through."""

from django.http import Http404
from rest_framework.permissions import SAFE_METHODS, BasePermission

from teams.models import Membership, Team
from teams.plans import NO_API_ACCESS_MESSAGE, NO_WRITE_ACCESS_MESSAGE

from .errors import (
    READ_ONLY_TOKEN_MESSAGE,
    WRONG_TEAM_MESSAGE,
    InsufficientScope,
    TeamRequired,
)
from .models import PersonalAccessToken
from .policies import POLICY_NO_WRITE_MESSAGE, TEAM_POLICY, policy_allows_write
from .routing import TEAM_URL_KWARG


class TeamAccessPermission(BasePermission):
    """Resolve the team of the request and decide, at request time, in this order:

    1. the team in the URL is unknown, or the user is not a member → 404 (not even its
       existence is disclosed);
    2. a personal access token for another team → 403;
    3. a team on the Free plan → 403 (tokens only: a signed-in browser session is checked
       on membership alone);
    4. an unsafe method with a read-only token → 403 `insufficient_scope`, scope
       `write_access`;
    5. an unsafe method with a write token on a team whose plan no longer allows writing,
       or whose token policy forbids write tokens → 403.

    (Before all this, authentication refused a token used from outside its team's or its
    own IP allowlist: that holds on every endpoint, team-scoped or not.)

    A view whose unsafe method is not itself a write (the MCP endpoint: every call is a
    POST, and the tool decides) says `writes_by_method = False` and calls
    `write_access_check` for the calls that write.

    The team is the `{team}` of the URL (API v3) or, on views that say
    `team_from_query = True` (API v2.3), the `team=<slug>` parameter of the query string
    (or of a write's form body), as on Stack's hosted API. Without either the team is the
    token's own; a session user there gets 400 "team required". The resolved team is left
    on `request.team` for the view. Nothing here is cached, so a plan downgrade or a
    removed membership applies to the very next request.
    """

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False  # DRF answers 401 with the Bearer challenge
        token = request.auth if isinstance(request.auth, PersonalAccessToken) else None
        if getattr(view, "team_from_query", False):
            slug = request.query_params.get(TEAM_URL_KWARG) or _form_team(request)
        else:
            slug = view.kwargs.get(TEAM_URL_KWARG)

        if token is not None:
            if slug is None or slug == token.team.slug:
                team = token.team  # membership was checked by authentication, in its query
            else:
                if not _is_member_of(user=request.user, slug=slug):
                    raise Http404
                raise InsufficientScope(WRONG_TEAM_MESSAGE)
            if not team.allows_api_access:
                raise InsufficientScope(NO_API_ACCESS_MESSAGE)
            if request.method not in SAFE_METHODS and getattr(view, "writes_by_method", True):
                write_access_check(token=token, team=team)
        else:
            if slug is None:
                raise TeamRequired()
            team = Team.objects.filter(slug=slug, memberships__user=request.user).first()
            if team is None:
                raise Http404
        request.team = team
        return True


def may_write(*, token: PersonalAccessToken, team: Team) -> bool:
    """Whether the token may write in `team` now (steps 4 and 5 above)."""
    return token.can_write and team.allows_write_access and policy_allows_write(token)


def write_access_check(*, token: PersonalAccessToken, team: Team) -> None:
    """Refuse a write (403 `insufficient_scope`, scope `write_access`) with a read-only
    token, on a team whose plan no longer allows writing, or whose token policy forbids
    write tokens (read with the token: no query)."""
    if not token.can_write:
        raise InsufficientScope(READ_ONLY_TOKEN_MESSAGE, scope="write_access")
    if not team.allows_write_access:
        raise InsufficientScope(NO_WRITE_ACCESS_MESSAGE, scope="write_access")
    if not policy_allows_write(token):
        message = POLICY_NO_WRITE_MESSAGE.format(source=TEAM_POLICY)
        raise InsufficientScope(message, scope="write_access")


def _form_team(request) -> str | None:
    """`team=` sent in a form body (API v2.3 writes): a write must never go to the token's
    own team when the client named another one."""
    if request.method in SAFE_METHODS:
        return None
    try:
        data = request.data
    except Exception:  # an unparsable body: the view reports it as a 400
        return None
    value = data.get(TEAM_URL_KWARG) if hasattr(data, "get") else None
    return value if isinstance(value, str) and value else None


def _is_member_of(*, user, slug: str) -> bool:
    return Membership.objects.filter(user=user, team__slug=slug).exists()

"""Every write to personal access tokens: create, delete, regenerate, revoke.

Each service is keyword-only and transactional, enforces membership and the plan matrix
(`teams.plans`), writes its audit event in the same transaction, and raises Django's
`ValidationError` with a field-keyed message that forms, the API and the CLI all show as is.
The plaintext code is returned by `token_create` and `token_regenerate` and kept nowhere.
"""

import unicodedata
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from teams.models import Membership, Team
from teams.plans import NO_API_ACCESS_MESSAGE, NO_WRITE_ACCESS_MESSAGE

from . import codes
from .models import PersonalAccessToken, TokenEvent
from .throttling import rate_limit_copy, token_ident

DESCRIPTION_REQUIRED_MESSAGE = "Enter a description."
DESCRIPTION_TOO_LONG_MESSAGE = "The description can be at most 100 characters."
DESCRIPTION_CONTROL_CHARACTERS_MESSAGE = (
    "The description cannot contain control characters such as line breaks."
)
DUPLICATE_DESCRIPTION_MESSAGE = "You already have a token with this description."
NOT_A_MEMBER_MESSAGE = "You are not a member of this team."
BAD_EXPIRATION_MESSAGE = "Choose an expiration of 7, 30, 60 or 90 days, or no expiration."
INACTIVE_USER_MESSAGE = "This user is deactivated."

DESCRIPTION_MAX_LENGTH = 100
_DESCRIPTION_CONSTRAINT = "tokens_pat_user_description_ci_unique"


def _validate(*, user, team: Team, description: str, can_write: bool) -> str:
    description = (description or "").strip()
    if not description:
        raise ValidationError({"description": DESCRIPTION_REQUIRED_MESSAGE})
    if len(description) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError({"description": DESCRIPTION_TOO_LONG_MESSAGE})
    # One line of printable text: it is shown in tables (admin, `pat list`), and PostgreSQL
    # refuses NUL outright (a ValueError, not a validation error, if it got that far).
    if any(unicodedata.category(char) == "Cc" for char in description):
        raise ValidationError({"description": DESCRIPTION_CONTROL_CHARACTERS_MESSAGE})
    if not user.is_active:
        raise ValidationError({"user": INACTIVE_USER_MESSAGE})
    if not Membership.objects.filter(user=user, team=team).exists():
        raise ValidationError({"team": NOT_A_MEMBER_MESSAGE})
    if not team.allows_api_access:
        raise ValidationError({"team": NO_API_ACCESS_MESSAGE})
    if can_write and not team.allows_write_access:
        raise ValidationError({"can_write": NO_WRITE_ACCESS_MESSAGE})
    return description


def _expiry(expires_in_days: int | None, *, now):
    if expires_in_days is None:
        return None
    if expires_in_days not in settings.PAT_EXPIRATION_DAYS:
        raise ValidationError({"expires_in_days": BAD_EXPIRATION_MESSAGE})
    return now + timedelta(days=expires_in_days)


def _record(*, token: PersonalAccessToken, action: str, actor, ip: str | None) -> None:
    TokenEvent.objects.create(
        token_id=token.pk,
        description=token.description,
        user_id=token.user_id,
        team_id=token.team_id,
        action=action,
        actor=actor,
        ip=ip,
    )


def token_create(
    *,
    user,
    team: Team,
    description: str,
    can_write: bool = False,
    expires_in_days: int | None = 30,
    source: str = PersonalAccessToken.Source.SETTINGS,
    expires_at=None,
    actor=None,
    ip: str | None = None,
) -> tuple[PersonalAccessToken, str]:
    """Create a token and return it with its plaintext code: the only place the code exists.

    `expires_in_days` is one of settings.PAT_EXPIRATION_DAYS or None (never expires);
    `expires_at` overrides it for callers with their own lifetime (the Swagger UI token).
    """
    description = _validate(user=user, team=team, description=description, can_write=can_write)
    now = timezone.now()
    if expires_at is None:
        expires_at = _expiry(expires_in_days, now=now)
    code = codes.generate()
    token = PersonalAccessToken(
        user=user,
        team=team,
        description=description,
        can_write=can_write,
        created_at=now,
        expires_at=expires_at,
        source=source,
        digest=codes.digest(code),
    )
    try:
        # The savepoint lets a caller's transaction survive a lost race on the unique
        # description constraint: two concurrent creates, one token, one clear error.
        with transaction.atomic():
            token.save()
            _record(token=token, action=TokenEvent.Action.CREATED, actor=actor or user, ip=ip)
    except IntegrityError as exc:
        if _DESCRIPTION_CONSTRAINT in str(exc):
            raise ValidationError({"description": DUPLICATE_DESCRIPTION_MESSAGE}) from None
        raise
    return token, code


@transaction.atomic
def token_delete(*, token: PersonalAccessToken, actor=None, ip: str | None = None) -> None:
    """Delete a token: it stops working on the very next request."""
    _record(token=token, action=TokenEvent.Action.DELETED, actor=actor or token.user, ip=ip)
    token.delete()


@transaction.atomic
def token_regenerate(
    *, token: PersonalAccessToken, actor=None, ip: str | None = None
) -> tuple[PersonalAccessToken, str]:
    """Give a token a new code, keeping its settings; the expiry restarts from now.

    The old code stops working at once. A write token on a team that has since lost write
    access is refused, as creating it anew would be.
    """
    token = PersonalAccessToken.objects.select_for_update().select_related("team").get(pk=token.pk)
    _validate(
        user=token.user, team=token.team, description=token.description, can_write=token.can_write
    )
    now = timezone.now()
    if token.expires_at is not None:
        lifetime = token.expires_at - token.created_at
        token.expires_at = now + lifetime
    code = codes.generate()
    old_digest, token.digest = token.digest, codes.digest(code)
    token.created_at = now
    token.last_used_at = None
    token.save(update_fields=["digest", "created_at", "expires_at", "last_used_at"])
    # The rate-limit budget is named after the digest: the new code keeps the old budget.
    rate_limit_copy(source=token_ident(old_digest), target=token_ident(token.digest))
    _record(token=token, action=TokenEvent.Action.REGENERATED, actor=actor or token.user, ip=ip)
    return token, code


@transaction.atomic
def token_revoke_by_staff(*, tokens, actor, ip: str | None = None) -> int:
    """Delete tokens on a staff member's say-so, each with its own audit line."""
    count = 0
    for token in list(tokens):
        _record(token=token, action=TokenEvent.Action.REVOKED_BY_STAFF, actor=actor, ip=ip)
        token.delete()
        count += 1
    return count


# --- The Swagger UI token -------------------------------------------------------------------
SWAGGER_TOKEN_LIFETIME = timedelta(hours=24)
SWAGGER_DESCRIPTION = "Swagger UI ({team})"


def _swagger_description(*, user, team: Team, replaced_ids: list[int]) -> str:
    """ "Swagger UI (<team name>)", or with the slug added when two of the user's teams share
    a name (or the user already named a token so), since descriptions are unique per user."""
    suffix_room = DESCRIPTION_MAX_LENGTH - len(SWAGGER_DESCRIPTION.format(team=""))
    description = SWAGGER_DESCRIPTION.format(team=team.name[:suffix_room])
    taken = (
        PersonalAccessToken.objects.filter(user=user, description__iexact=description)
        .exclude(pk__in=replaced_ids)
        .exists()
    )
    if taken:
        label = f"{team.name[: suffix_room - len(team.slug) - 3]} · {team.slug}"
        description = SWAGGER_DESCRIPTION.format(team=label)
    return description


@transaction.atomic
def token_create_for_swagger(
    *, user, team: Team, ip: str | None = None
) -> tuple[PersonalAccessToken, str]:
    """Mint the dedicated token that pre-authorizes Swagger UI for this user and team.

    Source `swagger`, described "Swagger UI (<team name>)", valid for 24 hours, with write
    access when the team's plan allows it. It replaces (deletes, with an audit line) the
    user's previous Swagger UI token for the same team, so opening the docs again never
    piles up tokens. Membership and the plan are checked by `token_create`.
    """
    previous = list(
        PersonalAccessToken.objects.select_for_update().filter(
            user=user, team=team, source=PersonalAccessToken.Source.SWAGGER
        )
    )
    description = _swagger_description(
        user=user, team=team, replaced_ids=[token.pk for token in previous]
    )
    for token in previous:
        token_delete(token=token, actor=user, ip=ip)
    return token_create(
        user=user,
        team=team,
        description=description,
        can_write=team.allows_write_access,
        source=PersonalAccessToken.Source.SWAGGER,
        expires_at=timezone.now() + SWAGGER_TOKEN_LIFETIME,
        actor=user,
        ip=ip,
    )

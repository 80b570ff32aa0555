"""Every write to personal access tokens: create, delete, regenerate and rotate (with an
overlap window), revoke (by staff, or as leaked), the expiry reminders, and the teams'
token policies (setting them, and applying them in housekeeping).

Each service is keyword-only and transactional, enforces membership, the plan matrix
(`teams.plans`) and the team's token policy (`tokens/policies.py`: the stricter wins),
writes its audit event in the same transaction, and raises Django's `ValidationError` with
a field-keyed message that forms, the API and the CLI all show as is.
The plaintext code is returned by `token_create` and `token_regenerate` and kept nowhere.
"""

import logging
import unicodedata
from datetime import UTC, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from teams.models import Membership, Team
from teams.plans import NO_API_ACCESS_MESSAGE, NO_WRITE_ACCESS_MESSAGE

from . import codes
from .models import (
    PersonalAccessToken,
    TeamPolicy,
    TokenAddressAlert,
    TokenEndpointUse,
    TokenEvent,
    TokenReminder,
    TokenUsageDay,
)
from .policies import (
    POLICY_LIFETIME_MESSAGE,
    POLICY_MAX_TOKENS_MESSAGE,
    POLICY_NO_WRITE_MESSAGE,
    POLICY_REQUIRES_EXPIRY_MESSAGE,
    Rules,
    parse_networks,
    rules_for,
)
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

BAD_OVERLAP_MESSAGE = "Choose an overlap of none, 1h, 1d or 7d."

DESCRIPTION_MAX_LENGTH = 100
logger = logging.getLogger(__name__)
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


def _rules_check(
    *, rules: Rules, can_write: bool, expires_at, now, field: str = "expires_in_days"
) -> None:
    """Refuse what the plan's limits or the team's policy forbid: a write token, a token
    that never expires, or one that lives too long. The message names the rule and who set
    it (`tokens/policies.py`)."""
    if can_write and not rules.allow_write:
        message = POLICY_NO_WRITE_MESSAGE.format(source=rules.allow_write_source)
        raise ValidationError({"can_write": message})
    if rules.max_lifetime_days is not None:
        longest = timedelta(days=rules.max_lifetime_days)
        if expires_at is None or expires_at - now > longest + timedelta(seconds=1):
            message = POLICY_LIFETIME_MESSAGE.format(
                source=rules.max_lifetime_source, days=rules.max_lifetime_days
            )
            raise ValidationError({field: message})
    if expires_at is None and rules.require_expiry:
        message = POLICY_REQUIRES_EXPIRY_MESSAGE.format(source=rules.require_expiry_source)
        raise ValidationError({field: message})


def _token_count_check(*, user, team: Team, rules: Rules) -> None:
    """Refuse one token more than the most a member may hold for the team. The member's
    row is locked first, so two concurrent creates cannot both take the last place.
    Swagger UI tokens (one per team, 24 hours, replaced on each visit) are not counted."""
    if rules.max_tokens_per_member is None:
        return
    list(Membership.objects.select_for_update().filter(user=user, team=team))
    held = (
        PersonalAccessToken.objects.filter(user=user, team=team)
        .exclude(source=PersonalAccessToken.Source.SWAGGER)
        .count()
    )
    if held >= rules.max_tokens_per_member:
        message = POLICY_MAX_TOKENS_MESSAGE.format(
            source=rules.max_tokens_source, count=rules.max_tokens_per_member
        )
        raise ValidationError({"team": message})


def _allowed_networks(value) -> list[str]:
    try:
        return parse_networks(value)
    except ValueError as exc:
        raise ValidationError({"allowed_networks": str(exc)}) from None


def _expiry(expires_in_days: int | None, *, now):
    if expires_in_days is None:
        return None
    if expires_in_days not in settings.PAT_EXPIRATION_DAYS:
        raise ValidationError({"expires_in_days": BAD_EXPIRATION_MESSAGE})
    return now + timedelta(days=expires_in_days)


def _event(
    *, token: PersonalAccessToken, action: str, actor, ip: str | None, detail: str = ""
) -> TokenEvent:
    return TokenEvent(
        token_id=token.pk,
        description=token.description,
        user_id=token.user_id,
        team_id=token.team_id,
        action=action,
        actor=actor,
        ip=ip,
        detail=detail[: TokenEvent._meta.get_field("detail").max_length],
    )


def _record(
    *, token: PersonalAccessToken, action: str, actor, ip: str | None, detail: str = ""
) -> None:
    _event(token=token, action=action, actor=actor, ip=ip, detail=detail).save()


def token_create(
    *,
    user,
    team: Team,
    description: str,
    can_write: bool = False,
    expires_in_days: int | None = 30,
    source: str = PersonalAccessToken.Source.SETTINGS,
    expires_at=None,
    allowed_networks=(),
    actor=None,
    ip: str | None = None,
) -> tuple[PersonalAccessToken, str]:
    """Create a token and return it with its plaintext code: the only place the code exists.

    `expires_in_days` is one of settings.PAT_EXPIRATION_DAYS or None (never expires);
    `expires_at` overrides it for callers with their own lifetime (the Swagger UI token).
    `allowed_networks` (CIDR strings, or text with one per line) is the token's own IP
    allowlist. The plan's limits and the team's policy (lifetime, expiry required, write
    tokens, tokens per member) are checked here, each refusal naming its rule.
    """
    description = _validate(user=user, team=team, description=description, can_write=can_write)
    networks = _allowed_networks(allowed_networks)
    now = timezone.now()
    if expires_at is None:
        expires_at = _expiry(expires_in_days, now=now)
    rules = rules_for(team)
    _rules_check(rules=rules, can_write=can_write, expires_at=expires_at, now=now)
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
        allowed_networks=networks,
    )
    try:
        # The savepoint lets a caller's transaction survive a lost race on the unique
        # description constraint: two concurrent creates, one token, one clear error.
        with transaction.atomic():
            if source != PersonalAccessToken.Source.SWAGGER:
                _token_count_check(user=user, team=team, rules=rules)
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


# --- Regenerate and rotate, with an overlap window ----------------------------------------
# How long the replaced code keeps working after a rotation, at most (it also stops at the
# new code's first use, and never outlives its own expiry). "none" is the default.
ROTATION_OVERLAPS = {
    "none": None,
    "1h": timedelta(hours=1),
    "1d": timedelta(days=1),
    "7d": timedelta(days=7),
}
ROTATION_OVERLAP_LABELS = {
    "none": "None: the current code stops at once",
    "1h": "1 hour",
    "1d": "1 day",
    "7d": "7 days",
}


def _overlap(overlap: str | None) -> timedelta | None:
    if overlap is None:
        return None
    if overlap not in ROTATION_OVERLAPS:
        raise ValidationError({"overlap": BAD_OVERLAP_MESSAGE})
    return ROTATION_OVERLAPS[overlap]


@transaction.atomic
def token_regenerate(
    *,
    token: PersonalAccessToken,
    overlap: str | None = "none",
    actor=None,
    ip: str | None = None,
    action: str = TokenEvent.Action.REGENERATED,
) -> tuple[PersonalAccessToken, str]:
    """Give a token a new code, keeping its description, team, scope and lifetime rule.

    Lifetime rule: a token that expired N days after it was made (or regenerated) now
    expires N days from now; a token that never expires still never does. The replaced
    code stops working at once, or with `overlap` ("1h", "1d", "7d"; see
    `ROTATION_OVERLAPS`) keeps working until the window ends or the new code is first used,
    whichever comes first, and never past its own expiry. The replaced code is the one the
    request carried when a token rotates itself (`token.via_previous_code`), else the
    current one; a code replaced earlier and still in its window stops now. A write token
    on a team that has since lost write access is refused, as creating it anew would be,
    and so is a token the team's policy or plan would now refuse (write access, lifetime,
    expiry required): the error names the rule.
    """
    window = _overlap(overlap)
    replaced_previous = getattr(token, "via_previous_code", False)
    token = PersonalAccessToken.objects.select_for_update().select_related("team").get(pk=token.pk)
    _validate(
        user=token.user, team=token.team, description=token.description, can_write=token.can_write
    )
    now = timezone.now()
    if replaced_previous and token.previous_code_valid(now):
        old_digest, old_until = token.previous_digest, token.previous_valid_until
    else:
        old_digest, old_until = token.digest, token.expires_at
    if token.expires_at is not None:
        lifetime = token.expires_at - token.created_at
        token.expires_at = now + lifetime
    _rules_check(
        rules=rules_for(token.team),
        can_write=token.can_write,
        expires_at=token.expires_at,
        now=now,
        field="non_field_errors",
    )
    code = codes.generate()
    token.digest = codes.digest(code)
    token.previous_digest = token.previous_valid_until = None
    detail = ""
    if window is not None and (old_until is None or old_until > now):
        token.previous_digest = old_digest
        until = now + window
        token.previous_valid_until = until if old_until is None else min(until, old_until)
        detail = f"previous code valid until {token.previous_valid_until.isoformat()}"
    token.created_at = now
    token.last_used_at = None
    token.save(
        update_fields=[
            "digest",
            "previous_digest",
            "previous_valid_until",
            "created_at",
            "expires_at",
            "last_used_at",
        ]
    )
    # The rate-limit budget is named after the digest: the new code keeps the old budget.
    rate_limit_copy(source=token_ident(old_digest), target=token_ident(token.digest))
    _record(token=token, action=action, actor=actor or token.user, ip=ip, detail=detail)
    return token, code


def token_rotate(
    *, token: PersonalAccessToken, overlap: str | None = "none", ip: str | None = None
) -> tuple[PersonalAccessToken, str]:
    """A token replaces its own code (`POST /api/v3/me/token/rotate`): `token_regenerate`
    by the token's owner, audited as "rotated"."""
    return token_regenerate(
        token=token, overlap=overlap, actor=token.user, ip=ip, action=TokenEvent.Action.ROTATED
    )


@transaction.atomic
def token_end_overlap(*, token: PersonalAccessToken, actor=None, ip: str | None = None) -> bool:
    """Stop the code a rotation replaced now, before its window closes. False if there
    was none (already ended, by time or by the new code's first use)."""
    ended = PersonalAccessToken.objects.filter(pk=token.pk, previous_digest__isnull=False).update(
        previous_digest=None, previous_valid_until=None
    )
    token.previous_digest = token.previous_valid_until = None
    if ended:
        action = TokenEvent.Action.OVERLAP_ENDED
        _record(token=token, action=action, actor=actor or token.user, ip=ip)
    return bool(ended)


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
        can_write=team.allows_write_access and rules_for(team).allow_write,
        source=PersonalAccessToken.Source.SWAGGER,
        expires_at=timezone.now() + SWAGGER_TOKEN_LIFETIME,
        actor=user,
        ip=ip,
    )


# --- Leaked codes reported by a secret scanner (or anyone) ----------------------------------
MAX_REPORTED_CODES = 1000
USER_AGENT_MAX_LENGTH = 200


def token_revoke_reported(
    *, codes_: list[str], ip: str | None, user_agent: str = "", now=None
) -> int:
    """Revoke every token one of these codes opens, and tell each owner (after commit).

    For `POST /api/v3/credentials/revoke`, which anyone may call. Malformed codes are
    dropped in memory; the rest are looked up in one statement (a current code, or a
    replaced one still in its overlap window: either opens the token, and with it the
    rotate endpoint); each token found is deleted with an audit line naming the reporter's
    address and User-Agent. The owners' e-mails go out through a background task once the
    transaction has committed. Returns how many tokens were revoked: for the caller's logs
    and tests only, never for the reporter, who must not learn which codes existed.
    """
    now = now or timezone.now()
    digests = sorted({codes.digest(code) for code in codes_ if codes.is_well_formed(code)})
    user_agent = "".join(c for c in user_agent if unicodedata.category(c) != "Cc")
    user_agent = user_agent[:USER_AGENT_MAX_LENGTH]
    if not digests:
        return 0
    matching = PersonalAccessToken.objects.filter(
        Q(digest__in=digests) | Q(previous_digest__in=digests, previous_valid_until__gt=now)
    )
    # One statement for every code; nothing else happens when none matches (a transaction
    # and row locks only for the codes that do).
    if not matching.exists():
        return 0
    with transaction.atomic():
        found = list(
            matching.select_for_update(of=("self",)).select_related("user", "team").order_by("pk")
        )
        if not found:
            return 0  # revoked in between by someone else
        detail = f"reported by {user_agent}" if user_agent else "reported"
        TokenEvent.objects.bulk_create(
            _event(
                token=token,
                action=TokenEvent.Action.REVOKED_AS_LEAKED,
                actor=None,
                ip=ip,
                detail=detail,
            )
            for token in found
        )
        notices = [
            {
                "user_id": token.user_id,
                "token_id": token.pk,
                "description": token.description,
                "team": token.team.name,
                "reported_at": now.isoformat(),
                "ip": ip or "",
                "user_agent": user_agent,
            }
            for token in found
        ]
        PersonalAccessToken.objects.filter(pk__in=[token.pk for token in found]).delete()
        transaction.on_commit(lambda: _notify_leak_reports(notices))
    return len(found)


def _notify_leak_reports(notices: list[dict]) -> None:
    """Queue the owners' e-mails. The revocation has committed whatever happens here: a
    broker outage loses the e-mails (logged), never the revocation."""
    from .tasks import notify_leaked_token_owners

    try:
        notify_leaked_token_owners.delay(notices)
    except Exception:
        logger.exception("could not queue the e-mails about %d revoked leaked tokens", len(notices))


# --- Expiry reminders ------------------------------------------------------------------------
REMINDER_WINDOWS = {
    # threshold: (from, to) after now, for `expires_at` in (now + from, now + to]
    TokenReminder.Threshold.DAY_OF: (timedelta(0), timedelta(days=1)),
    TokenReminder.Threshold.SEVEN_DAYS: (timedelta(days=1), timedelta(days=7)),
}


def token_list_to_remind(*, threshold: str, now):
    """Tokens due a reminder at `threshold` and not yet sent one for their current expiry.

    "On the day": expiring within 24 hours. "7 days before": expiring in 1 to 7 days, and
    made more than 7 days before their expiry (a 7-day token was just chosen that way: a
    reminder right after making it would be noise). Swagger UI tokens (24 hours, remade on
    demand) and owners without an address or deactivated are left out.
    """
    start, end = REMINDER_WINDOWS[threshold]
    tokens = (
        PersonalAccessToken.objects.filter(
            expires_at__gt=now + start,
            expires_at__lte=now + end,
            user__is_active=True,
        )
        .exclude(source=PersonalAccessToken.Source.SWAGGER)
        .exclude(user__email="")
        .exclude(
            Exists(
                TokenReminder.objects.filter(
                    token=OuterRef("pk"), threshold=threshold, expires_at=OuterRef("expires_at")
                )
            )
        )
        .select_related("user", "team")
        .order_by("expires_at", "pk")
    )
    if threshold == TokenReminder.Threshold.SEVEN_DAYS:
        tokens = tokens.filter(created_at__lt=F("expires_at") - timedelta(days=7))
    return tokens


def token_send_expiry_reminders(*, now=None) -> int:
    """E-mail each owner whose token expires within 7 days, and again on the day; return
    how many reminders were sent.

    Once per token, threshold and expiry, however often and on however many machines this
    runs: each reminder's `TokenReminder` row is inserted in the transaction that sends the
    e-mail, and its unique constraint decides. A concurrent sender of the same reminder
    waits on that insert and then fails it, sending nothing; a failed e-mail rolls the row
    back, so the next run tries again.
    """
    from .notifications import send_expiry_reminder

    now = now or timezone.now()
    sent = 0
    for threshold in REMINDER_WINDOWS:  # "on the day" first: it supersedes "7 days before"
        for token in token_list_to_remind(threshold=threshold, now=now):
            try:
                with transaction.atomic():
                    TokenReminder.objects.create(
                        token=token, threshold=threshold, expires_at=token.expires_at, sent_at=now
                    )
                    send_expiry_reminder(token=token, threshold=threshold)
            except IntegrityError:
                continue  # sent (or being sent) by another run, or the token is gone
            except Exception:
                logger.exception("expiry reminder for token %s not sent", token.pk)
                continue
            sent += 1
    return sent


def token_clear_ended_overlaps(*, now=None) -> int:
    """Forget replaced codes whose overlap window has closed (authentication already refuses
    them: this only tidies the rows and the settings page). Returns how many."""
    now = now or timezone.now()
    return PersonalAccessToken.objects.filter(
        previous_digest__isnull=False, previous_valid_until__lte=now
    ).update(previous_digest=None, previous_valid_until=None)


# --- Team token policies ---------------------------------------------------------------------
NOT_A_TEAM_ADMIN_MESSAGE = "Only an admin of this team (or staff) can change its token policy."
BAD_POLICY_NUMBER_MESSAGE = "Enter a whole number of at least 1, or leave it empty for no limit."
POLICY_NUMBER_FIELDS = ("max_lifetime_days", "max_tokens_per_member", "inactivity_days")


def team_policy_describe(policy: TeamPolicy) -> str:
    """A policy in one line, for its audit event."""
    parts = [
        f"max lifetime {policy.max_lifetime_days or '-'} d",
        f"expiry {'required' if policy.require_expiry else 'optional'}",
        f"write {'allowed' if policy.allow_write else 'forbidden'}",
        f"max tokens {policy.max_tokens_per_member or '-'}",
        f"inactivity {policy.inactivity_days or '-'} d",
        f"allowlist {' '.join(policy.allowed_networks) or 'any'}",
    ]
    return "; ".join(parts)


def may_manage_team_policy(*, user, team: Team) -> bool:
    """Team admins and staff set a team's token policy."""
    if not user.is_active:
        return False
    if user.is_staff:
        return True
    return Membership.objects.filter(user=user, team=team, role=Membership.Role.ADMIN).exists()


@transaction.atomic
def team_policy_set(
    *,
    team: Team,
    actor,
    max_lifetime_days: int | None = None,
    require_expiry: bool = False,
    allow_write: bool = True,
    max_tokens_per_member: int | None = None,
    inactivity_days: int | None = None,
    allowed_networks=(),
    ip: str | None = None,
) -> TeamPolicy:
    """Set a team's token policy (every rule at once) and audit it as a `TokenEvent`.

    Only a team admin or staff may. The numbers are whole numbers of at least 1, or None
    for no limit; `allowed_networks` are CIDR strings (or text, one per line). Tightening a
    rule reaches existing tokens at their next request (allowlist, write access) or at the
    next housekeeping run (`token_apply_team_policies`: lifetime, inactivity); the most
    tokens per member applies to new tokens only.
    """
    if not may_manage_team_policy(user=actor, team=team):
        raise ValidationError({"team": NOT_A_TEAM_ADMIN_MESSAGE})
    numbers = {
        "max_lifetime_days": max_lifetime_days,
        "max_tokens_per_member": max_tokens_per_member,
        "inactivity_days": inactivity_days,
    }
    for name, value in numbers.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise ValidationError({name: BAD_POLICY_NUMBER_MESSAGE})
        if value is not None and not 1 <= value <= 36_500:
            raise ValidationError({name: BAD_POLICY_NUMBER_MESSAGE})
    networks = _allowed_networks(allowed_networks)
    policy, _ = TeamPolicy.objects.select_for_update().get_or_create(team=team)
    policy.max_lifetime_days = max_lifetime_days
    policy.require_expiry = bool(require_expiry)
    policy.allow_write = bool(allow_write)
    policy.max_tokens_per_member = max_tokens_per_member
    policy.inactivity_days = inactivity_days
    policy.allowed_networks = networks
    policy.updated_at = timezone.now()
    policy.updated_by = actor
    policy.save()
    team.token_policy = policy  # what `rules_for(team)` reads next, not a stale cached row
    TokenEvent.objects.create(
        token_id=None,
        description=f"Token policy of {team.slug}"[:100],
        user=None,
        team=team,
        action=TokenEvent.Action.POLICY_CHANGED,
        actor=actor,
        ip=ip,
        detail=team_policy_describe(policy)[: TokenEvent._meta.get_field("detail").max_length],
    )
    return policy


def _teams_with_rules():
    """Teams with a plan that allows tokens, each with its rules (policies prefetched)."""
    teams = Team.objects.select_related("token_policy").order_by("pk")
    for team in teams:
        if team.allows_api_access:
            yield team, rules_for(team)


def token_shorten_to_policy(*, now=None) -> int:
    """Bring tokens within their team's longest lifetime (and give an expiry to tokens
    that never expire where one is required): `expires_at` becomes `created_at` + the
    longest lifetime (or, for "expiry required" without a longest lifetime, now + the
    longest expiration the form offers). Each change is a conditional UPDATE on the old
    `expires_at` (several machines at once: one wins, one audit line). Returns how many."""
    now = now or timezone.now()
    longest_choice = timedelta(days=max(settings.PAT_EXPIRATION_DAYS))
    changed = 0
    for team, rules in _teams_with_rules():
        if rules.max_lifetime_days is None and not rules.require_expiry:
            continue
        tokens = PersonalAccessToken.objects.filter(team=team).exclude(
            source=PersonalAccessToken.Source.SWAGGER
        )
        for token in tokens.only("pk", "created_at", "expires_at", "description", "user", "team"):
            if rules.max_lifetime_days is not None:
                latest = token.created_at + timedelta(days=rules.max_lifetime_days)
                source = rules.max_lifetime_source
            else:
                latest = now + longest_choice
                source = rules.require_expiry_source
            if token.expires_at is not None and token.expires_at <= latest:
                continue
            with transaction.atomic():
                won = PersonalAccessToken.objects.filter(
                    pk=token.pk, expires_at=token.expires_at
                ).update(expires_at=latest)
                if won:
                    detail = f"expires {latest.isoformat()} ({source})"
                    _record(
                        token=token,
                        action=TokenEvent.Action.EXPIRY_SHORTENED,
                        actor=None,
                        ip=None,
                        detail=detail,
                    )
                    changed += 1
    return changed


def token_revoke_inactive(*, now=None) -> int:
    """Revoke the tokens unused (never used: since made) for longer than their team's
    inactivity limit, each with an audit line and an e-mail to its owner (after commit).
    Each deletion re-checks the condition, and only the machine whose DELETE removed the
    row audits and e-mails. Returns how many."""
    now = now or timezone.now()
    revoked = 0
    for team, rules in _teams_with_rules():
        if rules.inactivity_days is None:
            continue
        cutoff = now - timedelta(days=rules.inactivity_days)
        unused = Q(last_used_at__lt=cutoff) | Q(last_used_at__isnull=True, created_at__lt=cutoff)
        for token in PersonalAccessToken.objects.filter(unused, team=team).select_related("user"):
            with transaction.atomic():
                deleted, _ = PersonalAccessToken.objects.filter(unused, pk=token.pk).delete()
                if not deleted:
                    continue  # used meanwhile, or revoked by another run
                detail = f"unused for {rules.inactivity_days} days"
                _record(
                    token=token,
                    action=TokenEvent.Action.REVOKED_INACTIVE,
                    actor=None,
                    ip=None,
                    detail=detail,
                )
                notice = {
                    "user_id": token.user_id,
                    "description": token.description,
                    "team": team.name,
                    "days": rules.inactivity_days,
                    "last_used_at": token.last_used_at.isoformat() if token.last_used_at else "",
                }
                transaction.on_commit(lambda notice=notice: _notify_inactive(notice))
                revoked += 1
    return revoked


def _notify_inactive(notice: dict) -> None:
    from .notifications import send_inactive_token_notice

    try:
        send_inactive_token_notice(notice)
    except Exception:
        logger.exception("could not e-mail the owner of a token revoked as unused")


# --- New-address alerts ------------------------------------------------------------------------
def user_set_token_address_alerts(*, user, enabled: bool) -> None:
    """Turn the user's new-address e-mails on or off."""
    get_user_model().objects.filter(pk=user.pk).update(token_address_alerts=bool(enabled))
    user.token_address_alerts = bool(enabled)


def token_alert_new_address(*, token: PersonalAccessToken, recent: list, address, now) -> bool:
    """E-mail the owner (if they asked for it) that `token` was used from `address`, which
    is not among its `recent` addresses; at most once per token per UTC day. Returns
    whether an alert was queued.

    Called from authentication's once-a-minute `last_used_at` write, by the worker whose
    UPDATE won it, so it costs nothing on other requests. A token's first use (no recent
    addresses yet) sets the baseline and alerts nobody. The `TokenAddressAlert` row's
    unique (token, day) constraint decides who sends, on any number of machines; the
    e-mail is queued after commit, with an audit line.
    """
    if address is None or not recent or not getattr(token.user, "token_address_alerts", False):
        return False
    if any(entry.get("address") == address for entry in recent):
        return False
    try:
        with transaction.atomic():
            TokenAddressAlert.objects.create(
                token_id=token.pk, day=now.date(), address=address, sent_at=now
            )
            _record(token=token, action=TokenEvent.Action.NEW_ADDRESS_ALERT, actor=None, ip=address)
    except IntegrityError:
        return False  # already alerted today (or the token is gone)
    notice = {
        "user_id": token.user_id,
        "description": token.description,
        "team": token.team.name,
        "address": address,
        "seen": now.isoformat(),
        "recent": [entry.get("address") for entry in recent],
    }
    transaction.on_commit(lambda: _queue_new_address_alert(notice))
    return True


def _queue_new_address_alert(notice: dict) -> None:
    from .tasks import notify_new_address

    try:
        notify_new_address.delay(notice)
    except Exception:
        logger.exception("could not queue a new-address alert")


# --- Usage history roll-up ------------------------------------------------------------------
def _upsert_greatest(
    model, *, rows: list[tuple], columns: tuple[str, ...], key: tuple[str, ...], value: str
):
    """INSERT rows, or on a conflict on `key` keep the greater of the stored and the new
    `value`: a roll-up that read an older counter never lowers a newer one."""
    if not rows:
        return
    from django.db import connection

    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    placeholders = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(rows))
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) VALUES {placeholders} "  # noqa: S608
        f"ON CONFLICT ({', '.join(quote(c) for c in key)}) DO UPDATE SET "
        f"{quote(value)} = {greatest}({table}.{quote(value)}, EXCLUDED.{quote(value)})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [item for row in rows for item in row])


def token_usage_roll_up(*, now=None) -> int:
    """Copy the usage counters of today and yesterday and the latest endpoints from the
    rate limiter's store into `TokenUsageDay` and `TokenEndpointUse`; drop days older than
    90. Idempotent and safe on several machines at once (see `tokens/usage.py`). Returns
    how many token-days were written."""
    from . import usage
    from .throttling import token_ident

    now = now or timezone.now()
    day = now.astimezone(UTC).date()
    days = [day - timedelta(days=1), day]
    since = datetime.combine(days[0], time.min, tzinfo=UTC) - timedelta(
        seconds=2 * settings.PAT_LAST_USED_RESOLUTION_SECONDS
    )
    tokens = PersonalAccessToken.objects.filter(last_used_at__gte=since).values_list(
        "pk", "digest", "previous_digest"
    )
    owners: dict[str, int] = {}
    current: dict[int, str] = {}
    for pk, digest, previous in tokens.iterator(chunk_size=2000):
        owners[token_ident(digest)] = pk
        current[pk] = token_ident(digest)
        if previous:
            owners[token_ident(previous)] = pk
    written = 0
    idents = list(owners)
    for start in range(0, len(idents), 1000):
        chunk = idents[start : start + 1000]
        for when in days:
            totals: dict[int, int] = {}
            for ident, count in usage.read_day_counts(when, chunk).items():
                totals[owners[ident]] = totals.get(owners[ident], 0) + count
            rows = [(pk, when, count) for pk, count in totals.items()]
            _upsert_greatest(
                TokenUsageDay,
                rows=rows,
                columns=("token_id", "day", "requests"),
                key=("token_id", "day"),
                value="requests",
            )
            written += len(rows)
        chunk_current = [ident for ident in chunk if current.get(owners[ident]) == ident]
        rows = []
        for ident, entries in usage.read_endpoints(chunk_current).items():
            for member, score in entries:
                method_route, _, status_class = member.rpartition(" ")
                seen = datetime.fromtimestamp(score / 1000, tz=UTC)
                rows.append((owners[ident], method_route[:200], status_class[:3], seen))
        _upsert_greatest(
            TokenEndpointUse,
            rows=rows,
            columns=("token_id", "endpoint", "status_class", "last_seen"),
            key=("token_id", "endpoint", "status_class"),
            value="last_seen",
        )
        for pk in {row[0] for row in rows}:
            stale = TokenEndpointUse.objects.filter(token_id=pk).order_by("-last_seen", "-pk")
            old = list(stale.values_list("pk", flat=True)[usage.ENDPOINTS_KEPT :])
            if old:
                TokenEndpointUse.objects.filter(pk__in=old).delete()
    TokenUsageDay.objects.filter(day__lte=day - timedelta(days=usage.HISTORY_DAYS)).delete()
    return written

"""Personal access tokens and their audit trail."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils import timezone

from teams.models import Team


class PersonalAccessToken(models.Model):
    """A user's token for one team. Only the SHA-256 digest of its code is stored.

    A token stops working when it is deleted, when `expires_at` passes, when its user is
    deactivated or leaves the team, or (for writes) when the team's plan stops allowing it.
    All of these are checked on every request; nothing about validity is cached.

    After a rotation with an overlap window, the replaced code keeps working under
    `previous_digest` until `previous_valid_until` or until the new code is first used,
    whichever comes first (then both columns are cleared). Authentication finds a token by
    either digest in its one statement (`tokens/selectors.py`).

    `recent_addresses` holds the last `RECENT_ADDRESSES` distinct client addresses, newest
    first, as `[{"address": "203.0.113.7", "seen": "<ISO 8601>"}, …]`: a JSON column on the
    row, so the once-a-minute `last_used_at` UPDATE writes it too (one statement), and the
    row authentication already reads says which addresses are recent.
    """

    RECENT_ADDRESSES = 5

    class Source(models.TextChoices):
        SETTINGS = "settings", "Settings page"
        SWAGGER = "swagger", "Swagger UI"
        CLI = "cli", "Command line"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="access_tokens")
    description = models.CharField(max_length=100)
    can_write = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.SETTINGS)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The code a rotation replaced, still valid during its overlap window (unique: a digest
    # names one code; the unique index is what authentication's `OR` probes).
    previous_digest = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    previous_valid_until = models.DateTimeField(null=True, blank=True)
    # The database's own default too, so rows inserted with SQL (benchmarks/seed.py) get one.
    recent_addresses = models.JSONField(
        default=list, db_default=Value([], output_field=models.JSONField()), blank=True
    )
    # The token's own IP allowlist (CIDR strings, set on create; empty: any address), on top
    # of its team's (`TeamPolicy.allowed_networks`): a request must pass both.
    allowed_networks = models.JSONField(
        default=list, db_default=Value([], output_field=models.JSONField()), blank=True
    )

    class Meta:
        verbose_name = "personal access token"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                "user", Lower("description"), name="tokens_pat_user_description_ci_unique"
            ),
        ]
        indexes = [
            # Housekeeping's "which tokens expire soon" (reminders) is a range on it.
            models.Index(fields=["expires_at"], name="tokens_pat_expires_at"),
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.user} in {self.team})"

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    @property
    def recent_address_list(self) -> list[tuple[str, datetime]]:
        """`recent_addresses` as (address, when last seen) pairs, newest first."""
        return [
            (entry["address"], datetime.fromisoformat(entry["seen"]))
            for entry in self.recent_addresses or ()
        ]

    @property
    def previous_code_valid_until(self):
        """When the code a rotation replaced stops working, None if it already has."""
        return self.previous_valid_until if self.previous_code_valid() else None

    def previous_code_valid(self, now=None) -> bool:
        """Whether the code a rotation replaced still works (its overlap window is open)."""
        return (
            self.previous_digest is not None
            and self.previous_valid_until is not None
            and self.previous_valid_until > (now or timezone.now())
        )

    @property
    def scopes(self) -> list[str]:
        """The official v3 OAuth scope names this token carries."""
        return ["access_team", "write_access"] if self.can_write else ["access_team"]

    @property
    def scope_label(self) -> str:
        """The scope in words, as staff and operators see it (admin, `pat list`)."""
        return "read/write" if self.can_write else "read-only"


class TokenEvent(models.Model):
    """One line of the audit trail, written in the same transaction as the change."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        DELETED = "deleted", "Deleted"
        REGENERATED = "regenerated", "Regenerated"
        REVOKED_BY_STAFF = "revoked_by_staff", "Revoked by staff"
        ROTATED = "rotated", "Rotated (API)"
        OVERLAP_ENDED = "overlap_ended", "Previous code ended"
        REVOKED_AS_LEAKED = "revoked_as_leaked", "Revoked: reported leaked"
        REVOKED_INACTIVE = "revoked_inactive", "Revoked: unused (team policy)"
        EXPIRY_SHORTENED = "expiry_shortened", "Expiry shortened (policy or plan)"
        POLICY_CHANGED = "policy_changed", "Team policy changed"
        NEW_ADDRESS_ALERT = "new_address_alert", "Used from a new address (owner alerted)"

    # Kept after the token is gone; None for an event about a team's policy, not a token.
    token_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    description = models.CharField(max_length=100)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    team = models.ForeignKey(Team, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    # What else the event needs said: the overlap a rotation kept, the User-Agent of whoever
    # reported a leaked code.
    detail = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        if self.token_id is None:
            return f"{self.get_action_display()}: {self.description}"
        return f"{self.get_action_display()}: token {self.token_id} ({self.description})"


class TeamPolicy(models.Model):
    """A team's rules for its personal access tokens, set by a team admin (or staff).

    Every rule is optional; no row means no rule beyond the plan's (`teams.plans`). The
    services enforce them on create and regenerate (`tokens/policies.py` combines them with
    the plan's limits: the stricter wins). Tightening a rule reaches existing tokens at
    their next request (the allowlist, write access: authentication reads this row in its
    one statement, a LEFT JOIN) or at the next housekeeping run (the lifetime, which
    shortens `expires_at`, and inactivity, which revokes).
    """

    team = models.OneToOneField(
        Team, on_delete=models.CASCADE, primary_key=True, related_name="token_policy"
    )
    max_lifetime_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="Longest lifetime of a token, in days (empty: no limit)."
    )
    require_expiry = models.BooleanField(
        default=False, help_text='Refuse tokens that never expire ("No expiration").'
    )
    allow_write = models.BooleanField(
        default=True, help_text="Allow read/write tokens (when the plan allows them)."
    )
    max_tokens_per_member = models.PositiveIntegerField(
        null=True, blank=True, help_text="Most tokens one member may hold for this team."
    )
    inactivity_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="Revoke a token unused for this many days."
    )
    # CIDR strings ("203.0.113.0/24", "2001:db8::/32"); empty: any address.
    allowed_networks = models.JSONField(
        default=list, db_default=Value([], output_field=models.JSONField()), blank=True
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "team token policy"
        verbose_name_plural = "team token policies"

    def __str__(self) -> str:
        return f"Token policy of {self.team}"


class TokenReminder(models.Model):
    """An expiry reminder sent (or being sent) for one token, threshold and expiry date.

    The unique constraint is what makes a reminder go out once, however often and on however
    many machines housekeeping runs: the sender inserts this row first, in the transaction
    that sends the e-mail, and whoever loses the insert sends nothing. A regenerated token
    has a new `expires_at`, so its next expiry is reminded again.
    """

    class Threshold(models.TextChoices):
        SEVEN_DAYS = "7d", "7 days before"
        DAY_OF = "0d", "On the day"

    token = models.ForeignKey(PersonalAccessToken, on_delete=models.CASCADE, related_name="+")
    threshold = models.CharField(max_length=2, choices=Threshold.choices)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "token", "threshold", "expires_at", name="tokens_reminder_once_per_expiry"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_threshold_display()} reminder for token {self.token_id}"


class TokenAddressAlert(models.Model):
    """A new-address alert sent for a token on a day (UTC).

    At most one e-mail per token per day, whatever the number of workers and machines: the
    sender inserts this row first, in the transaction that queues the e-mail, and whoever
    loses the insert (the unique constraint) sends nothing.
    """

    token = models.ForeignKey(PersonalAccessToken, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    address = models.GenericIPAddressField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint("token", "day", name="tokens_address_alert_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"New-address alert for token {self.token_id} on {self.day}"


class TokenUsageDay(models.Model):
    """How many requests a token made on a day (UTC): rolled up from the rate limiter's
    counters (`tokens/usage.py`), never written per request. Kept 90 days."""

    token = models.ForeignKey(PersonalAccessToken, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    requests = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint("token", "day", name="tokens_usage_day_unique"),
        ]

    def __str__(self) -> str:
        return f"token {self.token_id} on {self.day}: {self.requests}"


class TokenEndpointUse(models.Model):
    """An endpoint (method and route) a token called, with the status class of the answer
    and when last: the 20 latest per token, rolled up like `TokenUsageDay`."""

    token = models.ForeignKey(PersonalAccessToken, on_delete=models.CASCADE, related_name="+")
    endpoint = models.CharField(max_length=200)
    status_class = models.CharField(max_length=3)  # "2xx", "4xx", …
    last_seen = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "token", "endpoint", "status_class", name="tokens_endpoint_use_unique"
            ),
        ]
        indexes = [models.Index(fields=["token", "-last_seen"], name="tokens_endpoint_recent")]

    def __str__(self) -> str:
        return f"token {self.token_id}: {self.endpoint} {self.status_class}"

"""Personal access tokens and their audit trail."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from teams.models import Team


class PersonalAccessToken(models.Model):
    """A user's token for one team. Only the SHA-256 digest of its code is stored.

    A token stops working when it is deleted, when `expires_at` passes, when its user is
    deactivated or leaves the team, or (for writes) when the team's plan stops allowing it.
    All of these are checked on every request; nothing about validity is cached.
    """

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

    class Meta:
        verbose_name = "personal access token"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                "user", Lower("description"), name="tokens_pat_user_description_ci_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.description} ({self.user} in {self.team})"

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

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

    token_id = models.BigIntegerField(db_index=True)  # kept after the token is gone
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
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: token {self.token_id} ({self.description})"

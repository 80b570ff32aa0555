"""API applications: the team side of the toolkit's `Application`, and their audit trail."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from oauth2_provider.settings import oauth2_settings

from teams.models import Team


class ApiApplication(models.Model):
    """An Enterprise team's registered API application.

    The toolkit's `Application` row (one to one) holds what OAuth needs: the client id, the
    hashed client secret, the client type and the redirect URIs. This row adds what
    Teamstack needs: the one team whose content the application's tokens may reach, and the
    optional read-only application key (`tsak_…`), stored as its SHA-256 digest like a PAT.
    A key works only while `key_allowed` is on; turning it off stops the key at once.
    """

    application = models.OneToOneField(
        oauth2_settings.APPLICATION_MODEL, on_delete=models.CASCADE, related_name="api_application"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="api_applications")
    description = models.CharField(max_length=300, blank=True)
    key_allowed = models.BooleanField(
        "read-only key allowed",
        default=False,
        help_text="The application key alone may read the team's content, as an anonymous "
        "member would see it.",
    )
    key_digest = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    # Who a key-only request is: a user of its own, made with the first key, member of no
    # team, with no password. It sees the team as an anonymous member would (no e-mail
    # addresses, no bookmarks of anyone's) and owns nothing, since the key never writes.
    key_user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "API application"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.application.name} ({self.team})"


class ApiApplicationEvent(models.Model):
    """One line of the audit trail of API applications, written with the change."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        DELETED = "deleted", "Deleted"
        SECRET_REGENERATED = "secret_regenerated", "Client secret regenerated"
        KEY_REGENERATED = "key_regenerated", "Application key regenerated"
        AUTHORIZATION_REVOKED = "authorization_revoked", "Authorization revoked"

    application_id = models.BigIntegerField(db_index=True)  # kept after the app is gone
    name = models.CharField(max_length=255)
    team = models.ForeignKey(Team, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=24, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: application {self.application_id} ({self.name})"

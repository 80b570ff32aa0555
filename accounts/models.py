"""The user model: Django's user with a case-insensitive unique email and a display name."""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower


class User(AbstractUser):
    """A person who signs in. Email is required and unique regardless of case."""

    email = models.EmailField("email address")
    display_name = models.CharField(max_length=100, blank=True)
    # Organisational profile (what SAML/SCIM would set on Stack Internal): the user edits
    # job title and department; staff set the external id, unique when set.
    job_title = models.CharField(max_length=100, blank=True)
    department = models.CharField(max_length=100, blank=True)
    external_id = models.CharField(max_length=255, null=True, blank=True, unique=True)
    # Opt-in: an e-mail when one of the user's personal access tokens is used from an address
    # not among its recent ones (read with the token in authentication's one statement).
    token_address_alerts = models.BooleanField(default=False, db_default=False)

    objects = UserManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.username

    @property
    def name(self) -> str:
        """What other people see: the display name, else the full name, else the username."""
        return self.display_name or self.get_full_name() or self.username

    @property
    def initials(self) -> str:
        parts = [p for p in self.name.replace(".", " ").replace("_", " ").split() if p]
        if not parts:
            return "?"
        if len(parts) == 1:
            return parts[0][:2].upper()
        return (parts[0][0] + parts[-1][0]).upper()

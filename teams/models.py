"""Teams, their plan, and who belongs to them."""

from django.conf import settings
from django.db import models

from .plans import Plan, allows_api_access, allows_api_applications, allows_write_access


class Team(models.Model):
    """A team: the unit that owns content, holds a plan, and scopes every token."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=50, unique=True)
    plan = models.CharField(max_length=20, choices=Plan.choices, default=Plan.FREE)
    created_at = models.DateTimeField(auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="teams"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def allows_api_access(self) -> bool:
        return allows_api_access(self.plan)

    @property
    def allows_write_access(self) -> bool:
        return allows_write_access(self.plan)

    @property
    def allows_api_applications(self) -> bool:
        return allows_api_applications(self.plan)


class Membership(models.Model):
    """A user's place in a team."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        ADMIN = "admin", "Admin"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    # Reputation is earned inside a team (votes on one's posts there), as on Stack Internal.
    reputation = models.IntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "team"], name="teams_membership_user_team_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.role})"

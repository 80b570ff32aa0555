"""User groups: named sets of a team's members (for SMEs, collection and article editors)."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from teams.models import Team

GROUP_NAME_MAX_LENGTH = 100
GROUP_DESCRIPTION_MAX_LENGTH = 500


class UserGroup(models.Model):
    """A team's user group. Its members are users of the team (kept so by the services)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="user_groups")
    name = models.CharField(max_length=GROUP_NAME_MAX_LENGTH)
    description = models.CharField(max_length=GROUP_DESCRIPTION_MAX_LENGTH, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="user_groups", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                "team", Lower("name"), name="content_usergroup_team_name_unique"
            ),
        ]
        indexes = [models.Index(fields=["team", "name", "id"], name="content_group_team_name")]

    def __str__(self) -> str:
        return self.name

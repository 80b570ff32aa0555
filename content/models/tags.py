"""A team's tags."""

from django.db import models

from teams.models import Team

TAG_NAME_MAX_LENGTH = 35


class Tag(models.Model):
    """A team's tag. `post_count` is the number of questions and articles carrying it."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=TAG_NAME_MAX_LENGTH)
    description = models.CharField(max_length=500, blank=True)
    post_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["team", "name"], name="content_tag_team_name_unique"),
        ]
        indexes = [
            models.Index(fields=["team", "post_count", "id"], name="content_tag_team_posts"),
            models.Index(fields=["team", "created_at", "id"], name="content_tag_team_created"),
        ]

    def __str__(self) -> str:
        return self.name

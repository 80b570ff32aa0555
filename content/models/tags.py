"""A team's tags, their subject-matter experts, watchers and synonyms."""

from django.conf import settings
from django.db import models

from teams.models import Team

from .groups import UserGroup

TAG_NAME_MAX_LENGTH = 35
# What a tag name may be (every face validates names with these).
TAG_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9+#.\-]*$"
TAG_NAME_MESSAGE = (
    "A tag is letters, digits and + # . - (starting with a letter or a digit), "
    f"at most {TAG_NAME_MAX_LENGTH} characters."
)


class Tag(models.Model):
    """A team's tag. `post_count` is the number of questions and articles carrying it.

    Its subject-matter experts and watchers are users of the team (kept so by the
    services); `synonyms` are other names that map to it."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="tags")
    name = models.CharField(max_length=TAG_NAME_MAX_LENGTH)
    description = models.CharField(max_length=500, blank=True)
    post_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    # Subject-matter experts: users of the team, directly or as members of a group.
    sme_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="sme_tags", blank=True
    )
    sme_groups = models.ManyToManyField(UserGroup, related_name="sme_tags", blank=True)
    watchers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="TagWatch", related_name="watched_tags", blank=True
    )

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


class TagWatch(models.Model):
    """A user watching a tag (notified of its new questions, once notifications exist)."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="watches")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tag_watches"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tag", "user"], name="content_tagwatch_unique"),
        ]
        indexes = [models.Index(fields=["user", "tag"], name="content_tagwatch_user")]

    def __str__(self) -> str:
        return f"{self.user} watches {self.tag}"


class TagSynonym(models.Model):
    """Another name of a team's tag: a question posted with it gets the master tag."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="tag_synonyms")
    name = models.CharField(max_length=TAG_NAME_MAX_LENGTH)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="synonyms")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["team", "name"], name="content_tagsynonym_team_name_unique"
            ),
        ]
        indexes = [models.Index(fields=["tag"], name="content_tagsynonym_tag")]

    def __str__(self) -> str:
        return f"{self.name} → {self.tag}"

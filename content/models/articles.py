"""Articles: a team's long-form knowledge (knowledge articles, announcements, policies and
how-to guides), tagged like questions, with an owner and who else may edit them."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from teams.models import Team

from .groups import UserGroup
from .questions import TITLE_MAX_LENGTH
from .tags import Tag


class Article(models.Model):
    class Type(models.TextChoices):
        """The official `ArticleType` values."""

        KNOWLEDGE_ARTICLE = "knowledgeArticle", "Knowledge article"
        ANNOUNCEMENT = "announcement", "Announcement"
        POLICY = "policy", "Policy"
        HOW_TO_GUIDE = "howToGuide", "How-to guide"

    class EditableBy(models.TextChoices):
        """The official `ArticlePermissionsType` values."""

        OWNER_ONLY = "ownerOnly", "Owner only"
        SPECIFIC_EDITORS = "specificEditors", "Specific editors"
        EVERYONE = "everyone", "Everyone"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="articles")
    type = models.CharField(max_length=20, choices=Type.choices, default=Type.KNOWLEDGE_ARTICLE)
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    body_markdown = models.TextField()
    body_html = models.TextField()
    tags = models.ManyToManyField(Tag, related_name="articles", blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="articles"
    )
    last_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    editable_by = models.CharField(
        max_length=20, choices=EditableBy.choices, default=EditableBy.OWNER_ONLY
    )
    editor_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="editable_articles", blank=True
    )
    editor_groups = models.ManyToManyField(UserGroup, related_name="editable_articles", blank=True)
    created_at = models.DateTimeField()
    last_edited_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField()
    score = models.IntegerField(default=0)
    view_count = models.PositiveIntegerField(default=0)
    # Full-text search document (title A, body B), maintained by the services on PostgreSQL.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    class Meta:
        indexes = [
            models.Index(
                fields=["team", "last_activity_at", "id"], name="content_ar_team_activity"
            ),
            models.Index(fields=["team", "created_at", "id"], name="content_ar_team_created"),
            models.Index(fields=["team", "score", "id"], name="content_ar_team_score"),
            models.Index(fields=["team", "type", "last_activity_at"], name="content_ar_team_type"),
        ]

    def __str__(self) -> str:
        return self.title

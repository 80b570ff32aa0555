"""Articles: a team's long-form knowledge (knowledge articles, announcements, policies and
how-to guides), tagged like questions, with an owner and who else may edit them."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from teams.models import Team

from .groups import UserGroup
from .posts import PostIdField
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

    id = PostIdField(primary_key=True, verbose_name="ID")
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


class ArticleVote(models.Model):
    """One user's upvote of one article (articles have no downvotes in API v3)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], name="content_articlevote_article_user_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"+1 by {self.user_id} on article {self.article_id}"


class ArticleLink(models.Model):
    """A link between an article and a question of the same team, found in a body.

    `direction` says whose body holds the link: the article's (`to_question`) or the
    question's (`to_article`). The services rebuild an article's `to_question` rows when its
    body is saved and a question's `to_article` rows when the question's body is saved.
    """

    class Direction(models.TextChoices):
        TO_QUESTION = "to_question", "Article links to question"
        TO_ARTICLE = "to_article", "Question links to article"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="links")
    question = models.ForeignKey("Question", on_delete=models.CASCADE, related_name="article_links")
    direction = models.CharField(max_length=12, choices=Direction.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "question", "direction"], name="content_articlelink_unique"
            ),
        ]
        indexes = [
            models.Index(fields=["question", "direction"], name="content_al_question"),
        ]

    def __str__(self) -> str:
        return f"article {self.article_id} ↔ question {self.question_id} ({self.direction})"

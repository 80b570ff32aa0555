"""Collections: a team's curated, ordered lists of questions and articles, with an owner
and who else may edit them (users, and the members of user groups)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from teams.models import Team

from .articles import Article
from .groups import UserGroup
from .questions import TITLE_MAX_LENGTH, Question

COLLECTION_DESCRIPTION_MAX_LENGTH = 5000
COLLECTION_MAX_ITEMS = 500


class Collection(models.Model):
    """A team's collection. `last_edited_at` starts at `created_at` (it is a sort key)."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="collections")
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    description = models.TextField(max_length=COLLECTION_DESCRIPTION_MAX_LENGTH, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="owned_collections",
    )
    editor_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="editable_collections", blank=True
    )
    editor_groups = models.ManyToManyField(
        UserGroup, related_name="editable_collections", blank=True
    )
    created_at = models.DateTimeField()
    last_edited_at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["team", "created_at", "id"], name="content_col_team_created"),
            models.Index(fields=["team", "last_edited_at", "id"], name="content_col_team_edited"),
            models.Index(fields=["team", "owner", "created_at"], name="content_col_team_owner"),
        ]

    def __str__(self) -> str:
        return self.title


class CollectionItem(models.Model):
    """One entry of a collection, at `position` (0, 1, …): a question or an article."""

    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    question = models.ForeignKey(
        Question,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="collection_items",
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="collection_items"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["collection", "position"], name="content_colitem_position_unique"
            ),
            models.CheckConstraint(
                condition=(
                    Q(question__isnull=False, article__isnull=True)
                    | Q(question__isnull=True, article__isnull=False)
                ),
                name="content_colitem_question_xor_article",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collection_id}#{self.position}"

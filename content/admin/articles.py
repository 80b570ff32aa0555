"""Staff views of articles: look, search, filter and delete (through `article_delete`, so
tag post counts and reputation follow). Articles are written and edited by their authors
through the API, never here."""

from django.contrib import admin

from ..models import Article
from ..services import article_delete

_ARTICLE_FIELDS = (
    "team",
    "type",
    "title",
    "owner",
    "last_editor",
    "editable_by",
    "score",
    "view_count",
    "created_at",
    "last_edited_at",
    "last_activity_at",
    "body_markdown",
)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "team", "type", "owner", "editable_by", "score", "created_at")
    list_filter = ("team", "type", "editable_by")
    search_fields = ("title", "owner__username", "owner__email", "team__name", "team__slug")
    list_select_related = ("team", "owner")
    date_hierarchy = "created_at"
    fields = _ARTICLE_FIELDS
    readonly_fields = _ARTICLE_FIELDS

    def has_add_permission(self, request) -> bool:
        return False  # articles are written by team members, through the API

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # edits belong to the author and the article's editors

    def delete_model(self, request, obj):
        article_delete(article=obj, user=request.user, as_staff=True)

    def delete_queryset(self, request, queryset):
        for article in queryset.select_related("team"):
            article_delete(article=article, user=request.user, as_staff=True)

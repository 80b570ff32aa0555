"""Staff views of comments: look up, search, filter by team and delete.

Comments are not edited by staff (there is no comment edit service) and not added here.
A deletion (delete page and bulk action) goes through `comment_delete` with
`by_staff=True`, so the comment count of the question or answer it was under stays exact.
"""

from django.contrib import admin

from ..models import Comment
from ..services import comment_delete
from .common import excerpt

_COMMENT_FIELDS = ("question", "answer", "owner", "created_at", "score", "body_markdown")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("id", "body_excerpt", "post", "team", "owner", "created_at")
    list_filter = ("question__team", "question__team__plan", "created_at")
    search_fields = ("body_markdown", "owner__username", "owner__email")
    list_select_related = ("question__team", "owner")
    date_hierarchy = "created_at"
    ordering = ("-id",)
    show_full_result_count = False
    fields = _COMMENT_FIELDS
    readonly_fields = _COMMENT_FIELDS

    @admin.display(description="comment")
    def body_excerpt(self, comment: Comment) -> str:
        return excerpt(comment.body_markdown)

    @admin.display(description="on")
    def post(self, comment: Comment) -> str:
        if comment.answer_id is not None:
            return f"Answer {comment.answer_id} to “{comment.question.title}”"
        return f"Question “{comment.question.title}”"

    @admin.display(description="team", ordering="question__team__name")
    def team(self, comment: Comment):
        return comment.question.team

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # no comment edit service: staff delete a comment, they do not rewrite it

    def delete_model(self, request, obj):
        comment_delete(comment=obj, user=request.user, by_staff=True)

    def delete_queryset(self, request, queryset):
        for comment in queryset.select_related("question__team"):
            comment_delete(comment=comment, user=request.user, by_staff=True)

"""Bookmarks: a user keeps a question to come back to (`userHasBookmarked` in API v3).

The number of bookmarks of a question is kept on `Question.bookmark_count` by the
services (`F()` updates), as Stack keeps its favourite count.
"""

from django.conf import settings
from django.db import models

from .questions import Question


class Bookmark(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="bookmarks")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="content_bookmark_unique")
        ]
        indexes = [models.Index(fields=["user", "created_at"], name="content_bookmark_user")]

    def __str__(self) -> str:
        return f"{self.user_id} ★ {self.question_id}"

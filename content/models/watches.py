"""Question watches: a member follows a question (the page's "Watch" button), as Stack
Internal's "Follow"; notified of its new answers and comments once notifications exist."""

from django.conf import settings
from django.db import models

from .questions import Question


class QuestionWatch(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="watches")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="question_watches"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["question", "user"], name="content_qwatch_unique"),
        ]
        indexes = [models.Index(fields=["user", "created_at"], name="content_qwatch_user")]

    def __str__(self) -> str:
        return f"{self.user_id} watches {self.question_id}"

"""Links between a team's questions, found in the bodies of its posts.

A `PostLink` row says "the body of question `source` (or of one of its answers) links to
question `target`". The services rebuild a question's outgoing links whenever the
question or one of its answers is saved or deleted (see `services.links`), so the
`linked` list of a question is two indexed lookups: rows that point to it, and rows it
points from.
"""

from django.db import models
from django.db.models import F, Q

from .questions import Question


class PostLink(models.Model):
    source = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="outgoing_links")
    target = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="incoming_links")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="content_postlink_unique"),
            models.CheckConstraint(
                condition=~Q(source=F("target")), name="content_postlink_not_self"
            ),
        ]
        indexes = [models.Index(fields=["target", "source"], name="content_postlink_target")]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id}"

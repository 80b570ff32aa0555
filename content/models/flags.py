"""Flags: a member reports a question or an answer to the team's moderators.

The options a member chooses from are a fixed set (`content.flag_options`); a flag keeps
the option's stable id. A flag is `open` until a team admin or staff member handles it
in the admin (`helpful` or `dismissed`, see `services.flags`). A member has at most one
open flag of each option on a post (enforced by the partial unique constraints below).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from teams.models import Team

from .questions import Answer, Question

FLAG_COMMENT_MAX_LENGTH = 500


class Flag(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        HELPFUL = "helpful", "Helpful"
        DISMISSED = "dismissed", "Dismissed"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="flags")
    # The flagged question, or the question of the flagged answer.
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="flags")
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="flags"
    )
    flagger = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="flags"
    )
    option_id = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True, max_length=FLAG_COMMENT_MAX_LENGTH)
    related_question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["question", "flagger", "option_id"],
                condition=Q(answer__isnull=True, status="open"),
                name="content_flag_question_open_unique",
            ),
            models.UniqueConstraint(
                fields=["answer", "flagger", "option_id"],
                condition=Q(answer__isnull=False, status="open"),
                name="content_flag_answer_open_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "status", "created_at"], name="content_flag_team_status")
        ]

    def __str__(self) -> str:
        post = f"answer {self.answer_id}" if self.answer_id else f"question {self.question_id}"
        return f"Flag {self.pk} on {post} ({self.status})"

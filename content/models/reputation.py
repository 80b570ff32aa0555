"""The history of a member's reputation in a team: one row per change, written by the one
service that changes reputation (`content.services.common.reputation_add`).

Rows record the nominal change of an event, as Stack records it (a downvote is -2 even when
the floor of 1 kept the reputation where it was), so a history can be read as "what
happened"; the reputation itself is the `Membership` counter. Reputation earned before this
table existed (migration 0010) has no history: a member's history may sum to less than
their reputation.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from teams.models import Team


class ReputationChange(models.Model):
    class Reason(models.TextChoices):
        """Stack Exchange's `reputation_history_type` values that Teamstack produces."""

        POST_UPVOTED = "post_upvoted", "Post upvoted"
        POST_UNUPVOTED = "post_unupvoted", "Post upvote withdrawn"
        POST_DOWNVOTED = "post_downvoted", "Post downvoted"
        POST_UNDOWNVOTED = "post_undownvoted", "Post downvote withdrawn"
        ANSWER_ACCEPTED = "answer_accepted", "Answer accepted"
        ANSWER_UNACCEPTED = "answer_unaccepted", "Answer unaccepted"
        ASKER_ACCEPTS_ANSWER = "asker_accepts_answer", "Asker accepts an answer"
        ASKER_UNACCEPT_ANSWER = "asker_unaccept_answer", "Asker unaccepts an answer"
        POST_DELETED = "post_deleted", "Post deleted"
        ARBITRARY = "arbitrary_reputation_change", "Arbitrary change"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reputation_changes"
    )
    reason = models.CharField(max_length=40, choices=Reason.choices)
    change = models.IntegerField()
    # The post (question, answer or article: one id space) the change is about. Not a
    # foreign key: the history outlives a deleted post, as on Stack.
    post_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["team", "user", "created_at"], name="content_rep_team_user"),
        ]

    def __str__(self) -> str:
        return f"{self.change:+d} to {self.user_id} ({self.reason})"

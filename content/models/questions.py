"""A team's Q&A: questions, answers, comments and votes.

Everything is team-scoped: a question belongs to a team, and answers, comments and votes
hang off a question. Lists are served from denormalised counters (score, answer count,
comment count, tag post count, the team's question count) that the services in
`services.py` keep consistent with `F()` updates inside one transaction; every list's
sort and filter has an index.

Bodies are stored twice: `body_markdown` (the source, as the author wrote it) and
`body_html` (rendered and sanitised once, at write time; see `markdown.py`).
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q

from teams.models import Team

from .posts import PostIdField
from .tags import Tag

TITLE_MAX_LENGTH = 150
BODY_MAX_LENGTH = 30000
COMMENT_MAX_LENGTH = 600


class Question(models.Model):
    id = PostIdField(primary_key=True, verbose_name="ID")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="questions")
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    body_markdown = models.TextField()
    body_html = models.TextField()
    tags = models.ManyToManyField(Tag, related_name="questions", blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="questions"
    )
    last_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    last_edited_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField()
    score = models.IntegerField(default=0)
    view_count = models.PositiveIntegerField(default=0)
    answer_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    bookmark_count = models.PositiveIntegerField(default=0)
    accepted_answer = models.OneToOneField(
        "Answer", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Stack's definition: an accepted answer, or an answer with a positive score.
    is_answered = models.BooleanField(default=False)
    # Full-text search document (title weight A, body weight B). Maintained by the services
    # on PostgreSQL, with a GIN index (created by a PostgreSQL-only migration); unused on
    # SQLite, where search falls back to `icontains`.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    class Meta:
        indexes = [
            models.Index(fields=["team", "last_activity_at", "id"], name="content_q_team_activity"),
            models.Index(fields=["team", "created_at", "id"], name="content_q_team_created"),
            models.Index(fields=["team", "score", "id"], name="content_q_team_score"),
            models.Index(fields=["team", "owner", "created_at"], name="content_q_team_owner"),
            models.Index(
                fields=["team", "is_answered", "last_activity_at", "id"],
                name="content_q_team_answered",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Answer(models.Model):
    id = PostIdField(primary_key=True, verbose_name="ID")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    body_markdown = models.TextField()
    body_html = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="answers"
    )
    last_editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    last_edited_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField()
    score = models.IntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["question", "score", "id"], name="content_a_question_score"),
            models.Index(
                fields=["question", "created_at", "id"], name="content_a_question_created"
            ),
            models.Index(
                fields=["question", "last_activity_at", "id"], name="content_a_question_activity"
            ),
        ]

    def __str__(self) -> str:
        return f"Answer {self.pk} to question {self.question_id}"


class Comment(models.Model):
    """A comment under a question (`answer` empty), under one of its answers, or under an
    article (`question` and `answer` empty)."""

    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    article = models.ForeignKey(
        "Article", null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    body_markdown = models.TextField()
    body_html = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="comments"
    )
    created_at = models.DateTimeField()
    score = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=False, article__isnull=True)
                | Q(question__isnull=True, article__isnull=False),
                name="content_comment_one_post",
            ),
            models.CheckConstraint(
                condition=Q(answer__isnull=True) | Q(question__isnull=False),
                name="content_comment_answer_has_question",
            ),
        ]
        indexes = [
            models.Index(
                fields=["question", "answer", "created_at", "id"], name="content_c_post_created"
            ),
            models.Index(fields=["article", "created_at", "id"], name="content_c_article_created"),
        ]

    def __str__(self) -> str:
        return f"Comment {self.pk}"


class Vote(models.Model):
    """One user's vote (+1 or -1) on one question or one answer."""

    UP = 1
    DOWN = -1

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.CASCADE, related_name="votes"
    )
    answer = models.ForeignKey(
        Answer, null=True, blank=True, on_delete=models.CASCADE, related_name="votes"
    )
    value = models.SmallIntegerField(choices=[(UP, "up"), (DOWN, "down")])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(question__isnull=False, answer__isnull=True)
                | Q(question__isnull=True, answer__isnull=False),
                name="content_vote_one_post",
            ),
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="content_vote_value"),
            models.UniqueConstraint(
                fields=["question", "user"],
                condition=Q(question__isnull=False),
                name="content_vote_question_user_unique",
            ),
            models.UniqueConstraint(
                fields=["answer", "user"],
                condition=Q(answer__isnull=False),
                name="content_vote_answer_user_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value:+d} by {self.user_id}"


class TeamContentStats(models.Model):
    """Per-team counters that would otherwise need a `COUNT(*)` over a large table.

    `question_count` is the `totalCount` of an unfiltered question list: the services add
    and subtract 1 as questions come and go, so a team with a million questions is counted
    with one primary-key lookup. Rows loaded behind the services' back (bulk imports,
    benchmarks) are brought back in line by `services.team_stats_refresh`.
    """

    team = models.OneToOneField(
        Team, on_delete=models.CASCADE, primary_key=True, related_name="content_stats"
    )
    question_count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.team}: {self.question_count} questions"

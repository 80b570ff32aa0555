"""A team's totals (API v2.3 `/info`)."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from teams.models import Membership, Team

from ..models import Answer, Comment, Vote

RATE_WINDOW = timedelta(days=1)


@dataclass(frozen=True)
class TeamInfo:
    total_questions: int
    total_unanswered: int
    total_accepted: int
    total_answers: int
    total_comments: int
    total_votes: int
    total_users: int
    questions_per_minute: float
    answers_per_minute: float


def team_info(*, team: Team) -> TeamInfo:
    """Totals of the team, and questions and answers per minute over the last day: one
    aggregate query per table."""
    since = timezone.now() - RATE_WINDOW
    questions = team.questions.aggregate(
        total=Count("id"),
        unanswered=Count("id", filter=Q(answer_count=0)),
        accepted=Count("id", filter=Q(accepted_answer__isnull=False)),
        recent=Count("id", filter=Q(created_at__gte=since)),
    )
    answers = Answer.objects.filter(question__team=team).aggregate(
        total=Count("id"), recent=Count("id", filter=Q(created_at__gte=since))
    )
    minutes = RATE_WINDOW.total_seconds() / 60
    return TeamInfo(
        total_questions=questions["total"],
        total_unanswered=questions["unanswered"],
        total_accepted=questions["accepted"],
        total_answers=answers["total"],
        total_comments=Comment.objects.filter(
            Q(question__team=team) | Q(article__team=team)
        ).count(),
        total_votes=Vote.objects.filter(
            Q(question__team=team) | Q(answer__question__team=team)
        ).count(),
        total_users=Membership.objects.filter(team=team).count(),
        questions_per_minute=round(questions["recent"] / minutes, 4),
        answers_per_minute=round(answers["recent"] / minutes, 4),
    )

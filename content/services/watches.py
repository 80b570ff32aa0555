"""Writes of question watches. Both are idempotent (a repeated click changes nothing)."""

from django.db import IntegrityError, transaction

from ..models import Question, QuestionWatch


def question_watch(*, user, question: Question) -> None:
    """`user` watches `question` (no-op if they already do)."""
    try:
        with transaction.atomic():
            QuestionWatch.objects.get_or_create(user=user, question=question)
    except IntegrityError:
        pass  # watched at the same moment by a concurrent request


def question_unwatch(*, user, question: Question) -> None:
    """`user` stops watching `question` (no-op if they do not)."""
    QuestionWatch.objects.filter(user=user, question=question).delete()

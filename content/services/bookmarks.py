"""Writes of bookmarks. Both are idempotent; `Question.bookmark_count` follows with `F()`
updates, only when a row was really added or removed, so concurrent requests never count
a bookmark twice."""

from django.db import IntegrityError, transaction
from django.db.models import F

from ..models import Bookmark, Question


def bookmark_create(*, user, question: Question) -> None:
    """Bookmark a question (no-op if the user already has)."""
    with transaction.atomic():
        if Bookmark.objects.filter(user=user, question=question).exists():
            return
        try:
            with transaction.atomic():
                Bookmark.objects.create(user=user, question=question)
        except IntegrityError:
            return  # bookmarked at the same moment by a concurrent request
        Question.objects.filter(pk=question.pk).update(bookmark_count=F("bookmark_count") + 1)


@transaction.atomic
def bookmark_delete(*, user, question: Question) -> None:
    """Remove a bookmark (no-op if there is none)."""
    deleted, _ = Bookmark.objects.filter(user=user, question=question).delete()
    if deleted:
        Question.objects.filter(pk=question.pk).update(bookmark_count=F("bookmark_count") - 1)

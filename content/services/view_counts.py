"""Counting views (`viewCount`) of questions and articles, as Stack counts them: one view
per person per post per `VIEW_WINDOW_SECONDS`, whatever the number of page loads.

The window is a short-lived key in the shared cache (`cache.add`, atomic on Redis and
per process on the local-memory cache): a reload inside the window costs one cache round
trip and no write; only the first view in the window runs one `UPDATE … SET view_count =
view_count + 1`. Losing the cache (a restart) at worst counts a view again. API reads
never count as views (a script reading every question would inflate every count).
"""

from django.core.cache import cache
from django.db.models import F

from ..models import Article, Question

VIEW_WINDOW_SECONDS = 15 * 60


def view_record(*, user, question: Question | None = None, article: Article | None = None) -> bool:
    """Count a view of `question` or `article` (exactly one) by `user`, unless they viewed
    it within the window. Returns whether the view was counted."""
    if (question is None) == (article is None):
        raise TypeError("record a view of exactly one of question= or article=")
    kind, post = ("question", question) if question is not None else ("article", article)
    key = f"views:{kind}:{post.pk}:{user.pk}"
    if not cache.add(key, 1, timeout=VIEW_WINDOW_SECONDS):
        return False
    model = Question if kind == "question" else Article
    model.objects.filter(pk=post.pk).update(view_count=F("view_count") + 1)
    return True

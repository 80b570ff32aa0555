"""Full-text search over a team's questions."""

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from teams.models import Team

from ..models import Answer
from .common import ordered as _ordered
from .pagination import Page
from .questions import question_decorate

SEARCH_SORTS = ("relevance", "newest", "active", "score")


def question_search(
    *, team: Team, user, query: str, page: int, page_size: int, sort: str = "relevance"
) -> Page:
    """Questions of the team matching a free-text query in their title, their body or the
    bodies of their answers.

    PostgreSQL: the stored `search_vector` (GIN-indexed; title, body and answers weighted
    A, B, C) against a `websearch` query ("quoted phrases", -exclusions, or), ranked by
    `SearchRank`. Other databases: every word must appear in the title, the body or an
    answer (`icontains`), and "relevance" falls back to the newest first.
    """
    questions = team.questions.all()
    words = query.split()
    if not words:
        return Page(items=[], total_count=0, page=page, page_size=page_size)
    postgres = connection.vendor == "postgresql"
    if postgres:
        from django.contrib.postgres.search import SearchQuery, SearchRank

        search_query = SearchQuery(query, search_type="websearch", config="english")
        questions = questions.filter(search_vector=search_query)
    else:
        for word in words:
            in_answers = Answer.objects.filter(
                question=OuterRef("pk"), body_markdown__icontains=word
            )
            questions = questions.filter(
                Q(title__icontains=word) | Q(body_markdown__icontains=word) | Exists(in_answers)
            )

    if sort == "relevance" and postgres:
        # F(), not the bare name: a string would be re-wrapped in to_tsvector(), losing weights.
        rank = SearchRank(F("search_vector"), search_query)
        ordered = questions.annotate(rank=rank).order_by("-rank", "-id")
    else:
        field = {"active": "last_activity_at", "score": "score"}.get(sort, "created_at")
        ordered = _ordered(questions, field, "desc")
    return _search_page(ordered, team=team, user=user, page=page, page_size=page_size)


def _search_page(ordered: QuerySet, *, team: Team, user, page: int, page_size: int) -> Page:
    """Cut the page on bare primary keys first, then decorate only those rows.

    The ranked order cannot be re-applied to an outer `pk IN (…)` query (the rank is an
    annotation of the inner one), so the page's keys are read as a list (at most 100) and
    the decorated rows put back in that order. Decorating before the cut made PostgreSQL
    evaluate the viewer's-vote annotations over every match (measured: 4.1x slower at 1M
    questions than at 10k for a rare word; see docs/PERFORMANCE.md).
    """
    total = ordered.count()
    offset = (page - 1) * page_size
    if offset >= total:
        return Page(items=[], total_count=total, page=page, page_size=page_size)
    keys = list(ordered.values_list("pk", flat=True)[offset : offset + page_size])
    rows = question_decorate(team.questions.filter(pk__in=keys), team=team, user=user)
    by_key = {row.pk: row for row in rows}
    items = [by_key[key] for key in keys if key in by_key]
    return Page(items=items, total_count=total, page=page, page_size=page_size)

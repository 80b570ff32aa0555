"""Linked and related questions of a question (API v3 `…/linked`, `…/related`).

Both are lists of other questions of the same team, in the `QuestionSummary` shape and
the usual budget: a count, one query for the page's rows (cut on primary keys, then
decorated, see `pagination.paginate`) and one prefetch of the tags, whatever the page
size. The `hot` sort is Stack's default for these lists; here it means the highest
score first (then the most answers, then the latest activity) for linked questions, and
the most relevant first for related ones.
"""

import re

from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from teams.models import Team

from ..models import PostLink, Question
from .pagination import Page, paginate
from .questions import question_decorate

LINKED_SORTS = ("hot", "creation", "activity", "score")
_SORT_FIELDS = {"creation": "created_at", "activity": "last_activity_at", "score": "score"}
_HOT_FIELDS = ("score", "answer_count", "last_activity_at")

# Title words that say nothing about a question's subject (English stemming removes most
# others on PostgreSQL; these also keep the SQLite fallback from matching everything).
_STOP_WORDS_TEXT = (
    "a an and are can could does did for from get how i in is it my not of on or the this "
    "to use using what when where which who why will with without you your"
)
_STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
MAX_TITLE_WORDS = 12


def linked_order(queryset: QuerySet, *, sort: str, order: str, relevance=None) -> QuerySet:
    """Order linked or related questions: `hot` by relevance when there is one (related),
    else by score, answers and activity; the other sorts by their field."""
    descending = order == "desc"

    def by(expression):
        expression = F(expression) if isinstance(expression, str) else expression
        return expression.desc() if descending else expression.asc()

    if sort == "hot":
        fields = [relevance] if relevance is not None else list(_HOT_FIELDS)
    else:
        fields = [_SORT_FIELDS[sort]]
    return queryset.order_by(*(by(f) for f in fields), by("id"))


def question_linked_list(
    *,
    team: Team,
    user,
    question: Question,
    page: int,
    page_size: int,
    sort: str = "hot",
    order: str = "desc",
) -> Page:
    """The questions of the team that link to `question` or that it links to (from its
    body or its answers' bodies; see `services.links`)."""
    linking = PostLink.objects.filter(source=OuterRef("pk"), target=question.pk)
    linked = PostLink.objects.filter(source=question.pk, target=OuterRef("pk"))
    questions = team.questions.filter(Q(Exists(linking)) | Q(Exists(linked))).exclude(
        pk=question.pk
    )
    return paginate(
        linked_order(questions, sort=sort, order=order),
        page=page,
        page_size=page_size,
        total_count=questions.count(),
        decorate=lambda rows: question_decorate(rows, team=team, user=user),
    )


def title_words(title: str) -> list[str]:
    """The words of a title that may say what it is about (lower case, in order, once)."""
    words = [w for w in re.findall(r"\w+", title.lower()) if len(w) > 2 and w not in _STOP_WORDS]
    return list(dict.fromkeys(words))[:MAX_TITLE_WORDS]


def question_related_list(
    *,
    team: Team,
    user,
    question: Question,
    page: int,
    page_size: int,
    sort: str = "hot",
    order: str = "desc",
) -> Page:
    """Other questions of the team that share tags or title words with `question`.

    Relevance (the `hot` sort) is the number of shared tags plus how well the question's
    title words match. PostgreSQL: the title words, OR'd in a `websearch` query, against
    the stored `search_vector` of the other questions (title, body and answers), ranked
    by `SearchRank`. Other databases: the number of title words found (`icontains`) in
    the other questions' titles.
    """
    own_tags = Question.tags.through.objects.filter(question_id=question.pk).values("tag_id")
    matches, relevance = related_relevance(title=question.title, tag_ids=own_tags)
    questions = team.questions.filter(matches).exclude(pk=question.pk)
    return paginate(
        linked_order(questions, sort=sort, order=order, relevance=relevance),
        page=page,
        page_size=page_size,
        total_count=questions.count(),
        decorate=lambda rows: question_decorate(rows, team=team, user=user),
    )


def related_relevance(*, title: str, tag_ids) -> tuple:
    """`(matches, relevance)` of the questions related to a title and a set of tags (ids,
    a list or a `values("tag_id")` queryset): `matches` filters the questions sharing a
    tag or a title word, `relevance` ranks them (shared tags, plus how well the title
    words match; see `question_related_list`)."""
    through = Question.tags.through
    shared = through.objects.filter(question_id=OuterRef("pk"), tag_id__in=tag_ids)
    shared_count = Coalesce(
        Subquery(
            shared.order_by().values("question_id").annotate(n=Count("*")).values("n")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )
    words = title_words(title)
    matches = Exists(shared)
    word_score = None
    if words and connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(" or ".join(words), search_type="websearch", config="english")
        matches = matches | Q(search_vector=query)
        # F(), not the bare name: a string would be re-wrapped in to_tsvector().
        word_score = Coalesce(SearchRank(F("search_vector"), query), Value(0.0)) * Value(10.0)
    elif words:
        title_match = Q()
        hits = []
        for word in words:
            title_match |= Q(title__icontains=word)
            hits.append(Case(When(title__icontains=word, then=Value(1)), default=Value(0)))
        matches = matches | title_match
        word_score = sum(hits[1:], hits[0])
    relevance = Cast(shared_count, FloatField())
    if word_score is not None:
        relevance = relevance + Cast(word_score, FloatField())
    return matches, relevance

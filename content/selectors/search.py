"""Full-text search over a team's questions and articles, in one ranked list."""

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value

from teams.models import Team

from ..models import Answer, Article, Question, Tag
from .articles import article_decorate
from .pagination import Page
from .questions import question_decorate

SEARCH_SORTS = ("relevance", "newest", "active", "score")
_SORT_FIELDS = {"newest": "created_at", "active": "last_activity_at", "score": "score"}
QUESTION, ARTICLE = "question", "article"
# A search serves at most this many matches (the first ones in its window order, see
# `content_search`), and `totalCount` counts them: exact below the bound, the bound above it.
SEARCH_RESULT_LIMIT = 5_000


def content_search(
    *, team: Team, user, query: str, page: int, page_size: int, sort: str = "relevance"
) -> Page:
    """Questions and articles of the team matching a free-text query, in one list: a
    question by its title, its body or the bodies of its answers, an article by its title
    or its body. Items are `Question`s and `Article`s, each with its `search_tags`.

    PostgreSQL: the stored `search_vector`s (GIN-indexed; questions weight title, body and
    answers A, B, C, articles title and body A, B) against a `websearch` query ("quoted
    phrases", -exclusions, or), ranked by `SearchRank`. Other databases: every word must
    appear (`icontains`), and "relevance" falls back to the newest first.

    The result set is bounded: the first `SEARCH_RESULT_LIMIT` matches of both kinds in
    the window order (`newest`, `active`, `score`: their own order, so those sorts are
    exact; `relevance`: the newest matches, ranked among themselves), and `total_count`
    is their number — exact up to the bound, the bound when there are more. A word in 8%
    of a million questions otherwise costs a `COUNT(*)` and a `ts_rank` over 83,000 rows
    (a second per search here); the window costs a walk down a `(team, key, id)` index
    until the bound is reached, or a GIN lookup when the matches are few (the planner's
    choice). See docs/PERFORMANCE.md, "Search at a million questions".
    """
    words = query.split()
    if not words:
        return Page(items=[], total_count=0, page=page, page_size=page_size)
    questions, articles = team.questions.all(), team.articles.all()
    postgres = connection.vendor == "postgresql"
    if postgres:
        from django.contrib.postgres.search import SearchQuery, SearchRank

        search_query = SearchQuery(query, search_type="websearch", config="english")
        questions = questions.filter(search_vector=search_query)
        articles = articles.filter(search_vector=search_query)
    else:
        for word in words:
            in_answers = Answer.objects.filter(
                question=OuterRef("pk"), body_markdown__icontains=word
            )
            questions = questions.filter(
                Q(title__icontains=word) | Q(body_markdown__icontains=word) | Exists(in_answers)
            )
            articles = articles.filter(Q(title__icontains=word) | Q(body_markdown__icontains=word))

    window_field = _SORT_FIELDS.get(sort, "created_at")
    if sort == "relevance" and postgres:
        # F(), not the bare name: a string would be re-wrapped in to_tsvector(), losing weights.
        sort_key = SearchRank(F("search_vector"), search_query)
    else:
        sort_key = F(window_field)
    legs = [
        matches.order_by(f"-{window_field}", "-id")
        .annotate(kind=Value(kind), sort_key=sort_key, window_key=F(window_field))
        .values_list("sort_key", "window_key", "id", "kind")[: SEARCH_RESULT_LIMIT + 1]
        for matches, kind in ((questions, QUESTION), (articles, ARTICLE))
    ]
    offset = (page - 1) * page_size
    found, keys = _window_page(legs, offset=offset, page_size=page_size)
    items = _search_items(keys, team=team, user=user)
    return Page(
        items=items,
        total_count=min(found, SEARCH_RESULT_LIMIT),
        page=page,
        page_size=page_size,
        truncated=found > SEARCH_RESULT_LIMIT,
    )


def search_window(matches: QuerySet, *, team: Team, ordering: list) -> QuerySet:
    """The first `SEARCH_RESULT_LIMIT` of `matches` (the team's questions) in `ordering`,
    as a queryset to sort, count and page: the bounded result set of API v2.3's
    `/search/advanced?q=` (see `content_search` for why searches are bounded). The window
    is read by primary key (`pk IN (SELECT pk … ORDER BY … LIMIT …)`), so the outer
    query probes the primary key for each row of the window instead of matching again."""
    window = matches.order_by(*ordering).values("pk")[:SEARCH_RESULT_LIMIT]
    return team.questions.filter(pk__in=window)


# The window (the first LIMIT + 1 matches of both kinds in window order: one more than is
# served tells "more than the bound"), its size, and one page of its first LIMIT rows in
# sort order, in one statement; the count comes back even when the page is past the end.
# The legs are the ORM's (each `ORDER BY <window key> DESC, id DESC LIMIT …`, so each can
# walk its `(team, key, id)` index); `position` numbers the window in the order they
# arrive in, without a second sort.
_WINDOW_SQL = """
WITH candidates AS MATERIALIZED (
    SELECT sort_key, id, kind,
           row_number() OVER (ORDER BY window_key DESC, id DESC, kind) AS position
    FROM (
        SELECT * FROM ({questions}) AS questions
        UNION ALL
        SELECT * FROM ({articles}) AS articles
    ) AS matches
    ORDER BY window_key DESC, id DESC, kind
    LIMIT %s
)
SELECT counted.total, page.id, page.kind
FROM (SELECT count(*) AS total FROM candidates) AS counted
LEFT JOIN (
    SELECT sort_key, id, kind FROM candidates WHERE position <= %s
    ORDER BY sort_key DESC, id DESC, kind
    LIMIT %s OFFSET %s
) AS page ON TRUE
"""


def _window_page(legs: list[QuerySet], *, offset: int, page_size: int):
    """`(window size, [(kind, id), …])`: the number of matches read (the bound + 1 when
    there are more) and the page's keys, in order."""
    parts = [leg.query.get_compiler(connection=connection).as_sql() for leg in legs]
    sql = _WINDOW_SQL.format(questions=parts[0][0], articles=parts[1][0])
    params = (*parts[0][1], *parts[1][1], SEARCH_RESULT_LIMIT + 1, SEARCH_RESULT_LIMIT)
    with connection.cursor() as cursor:
        cursor.execute(sql, (*params, page_size, offset))
        rows = cursor.fetchall()
    return rows[0][0], [(kind, pk) for _, pk, kind in rows if pk is not None]


def _search_items(keys: list, *, team: Team, user) -> list:
    """Decorate only the page's rows, cut before (`_window_page`), and put them back in order.

    The ranked order cannot be re-applied to an outer `pk IN (…)` query (the rank is an
    annotation of the inner one), so the page's keys are read as a list (at most 100) and
    the decorated rows put back in that order. Decorating before the cut made PostgreSQL
    evaluate the viewer's-vote annotations over every match (measured: 4.1x slower at 1M
    questions than at 10k for a rare word; see docs/PERFORMANCE.md).

    Queries, whatever the page size: the window (count and keys in one), the page's
    questions, the page's articles (each only when the page has some) and the tags of both
    in one UNION ALL.
    """
    ids = {QUESTION: [], ARTICLE: []}
    for kind, pk in keys:
        ids[kind].append(pk)
    rows = {}
    if ids[QUESTION]:
        questions = question_decorate(
            team.questions.filter(pk__in=ids[QUESTION]), team=team, user=user
        ).prefetch_related(None)
        rows.update(((QUESTION, q.pk), q) for q in questions)
    if ids[ARTICLE]:
        articles = article_decorate(
            team.articles.filter(pk__in=ids[ARTICLE]), team=team
        ).prefetch_related(None)
        rows.update(((ARTICLE, a.pk), a) for a in articles)
    tags = _page_tags(question_ids=ids[QUESTION], article_ids=ids[ARTICLE])
    items = []
    for key in keys:
        if key in rows:
            row = rows[key]
            row.search_tags = tags.get(key, [])
            items.append(row)
    return items


_TAG_COLUMNS = ("kind", "post_id", "tag_id", "tag__name", "tag__description")
_TAG_COLUMNS += ("tag__post_count", "tag__created_at")


def _page_tags(*, question_ids: list[int], article_ids: list[int]) -> dict:
    """The tags of the page's posts, by `(kind, id)`, sorted by name, in one query."""
    parts = []
    for kind, through, column, post_ids in (
        (QUESTION, Question.tags.through, "question_id", question_ids),
        (ARTICLE, Article.tags.through, "article_id", article_ids),
    ):
        if post_ids:
            rows = through.objects.filter(**{f"{column}__in": post_ids}).annotate(
                kind=Value(kind), post_id=F(column)
            )
            parts.append(rows.values_list(*_TAG_COLUMNS))
    tags = {}
    if not parts:
        return tags
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    for kind, post_id, tag_id, name, description, post_count, created_at in query:
        tag = Tag(
            id=tag_id,
            name=name,
            description=description,
            post_count=post_count,
            created_at=created_at,
        )
        tags.setdefault((kind, post_id), []).append(tag)
    for post_tags in tags.values():
        post_tags.sort(key=lambda tag: tag.name)
    return tags

"""Lists of a team's questions, answers, comments and posts, filtered, ranged and sorted
the way API v2.3 asks (`sort`, `order`, `min`/`max` on the sort's field, `fromdate`/
`todate` on the creation date), cut into pages with an exact `has_more`.

Query budget of a page, whatever its size: one query for the page's rows (the keys of
`page_size + 1` rows are cut on the bare, index-ordered queryset inside it, as in
`pagination.paginate`, and only those rows are decorated; the extra row says whether
there is more), plus one query per prefetched relation the caller asks for (tags,
embedded answers, their comments, the questions' comments), plus a `COUNT(*)` only when
`count=True`. `/posts` mixes two tables: its keys are read first (one UNION ALL), then
each kind's rows.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import CharField, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.utils import timezone

from teams.models import Team

from ..models import Answer, Comment, PostLink, Question, Tag
from .links import related_relevance
from .posts import post_kinds
from .questions import answer_decorate, comment_decorate, question_decorate
from .search import search_window

# v2.3 sort name → the field it orders by, per list.
QUESTION_SORT_FIELDS = {"activity": "last_activity_at", "creation": "created_at", "votes": "score"}
ANSWER_SORT_FIELDS = QUESTION_SORT_FIELDS
POST_SORT_FIELDS = QUESTION_SORT_FIELDS
COMMENT_SORT_FIELDS = {"creation": "created_at", "votes": "score"}
# `hot`, `week`, `month` (and `rank` of linked/related lists): Teamstack has no hot tab,
# so these order by score, then answers, then the latest activity; `week` and `month`
# keep the questions asked in the last 7 or 30 days. They take no min or max.
HOT_FIELDS = ("score", "answer_count", "last_activity_at")
HOT_PERIODS = {"hot": None, "week": timedelta(days=7), "month": timedelta(days=30)}
# Sorts by how relevant a question is to a query (related, similar, search); where there
# is no relevance to measure, they order as `hot`.
RANKED = ("rank", "relevance")


@dataclass(frozen=True)
class Window:
    """Sort and range of a v2.3 list: `sort` (a v2.3 sort name), `order`, `min`/`max` on
    the sort's field, `from_date`/`to_date` on the creation date."""

    sort: str = "activity"
    order: str = "desc"
    min: object = None
    max: object = None
    from_date: datetime | None = None
    to_date: datetime | None = None


@dataclass(frozen=True)
class KeyPage:
    """A page: its items, whether there are more after it, and the count of all (None
    when not asked)."""

    items: list
    has_more: bool
    total: int | None = None


@dataclass(frozen=True)
class QuestionEmbeds:
    """What to fetch with each question (see `question_decorate`)."""

    vote_counts: bool = False
    answers: bool = False
    comments: bool = False
    answer_comments: bool = False


@dataclass(frozen=True)
class AnswerEmbeds:
    """What to fetch with each answer: vote counts, comments, its question (for `title`)
    and the question's tags (`tags`)."""

    vote_counts: bool = False
    comments: bool = False
    question: bool = False
    question_tags: bool = False


def _ordering(fields, order: str) -> list:
    desc = order == "desc"
    return [F(f).desc() if desc else F(f).asc() for f in (*fields, "id")]


def _windowed(
    queryset: QuerySet, window: Window, sort_fields: dict, relevance=None
) -> tuple[QuerySet, list]:
    """Filter by the window's range and return the ordering of its sort (`relevance`: the
    expression `rank` and `relevance` sorts order by, when the list has one)."""
    if window.from_date is not None:
        queryset = queryset.filter(created_at__gte=window.from_date)
    if window.to_date is not None:
        queryset = queryset.filter(created_at__lte=window.to_date)
    if window.sort in sort_fields:
        column = sort_fields[window.sort]
        if window.min is not None:
            queryset = queryset.filter(**{f"{column}__gte": window.min})
        if window.max is not None:
            queryset = queryset.filter(**{f"{column}__lte": window.max})
        return queryset, _ordering([column], window.order)
    if window.sort in RANKED and relevance is not None:
        desc = window.order == "desc"
        by_id = F("id").desc() if desc else F("id").asc()
        return queryset, [relevance.desc() if desc else relevance.asc(), by_id]
    if window.sort in HOT_PERIODS or window.sort in RANKED:
        period = HOT_PERIODS.get(window.sort)
        if period is not None:
            queryset = queryset.filter(created_at__gte=timezone.now() - period)
        return queryset, _ordering(HOT_FIELDS, window.order)
    raise ValueError(f"Not a sort of this list: {window.sort!r}")


def key_page(
    queryset: QuerySet,
    *,
    ordering: list,
    page: int,
    page_size: int,
    decorate=None,
    count: bool = False,
) -> KeyPage:
    """One page of `queryset` in `ordering`: the keys of up to `page_size + 1` rows cut on
    the bare queryset, the rows decorated only for those keys, in one query; `has_more`
    from the extra row; `total` counted only when `count`."""
    total = queryset.count() if count else None
    offset = (page - 1) * page_size
    keys = queryset.order_by(*ordering).values("pk")[offset : offset + page_size + 1]
    rows = queryset.model._default_manager.filter(pk__in=keys)
    if decorate is not None:
        rows = decorate(rows)
    items = list(rows.order_by(*ordering))
    return KeyPage(items=items[:page_size], has_more=len(items) > page_size, total=total)


# --- Questions ---------------------------------------------------------------------------


def _tagged_all(queryset: QuerySet, team: Team, names: list[str]) -> QuerySet:
    """Questions carrying every one of the tags `names` (an unknown tag matches nothing)."""
    through = Question.tags.through
    for name in names:
        queryset = queryset.filter(
            Exists(
                through.objects.filter(question_id=OuterRef("pk"), tag__team=team, tag__name=name)
            )
        )
    return queryset


def _tagged_any(queryset: QuerySet, team: Team, names: list[str], *, negate: bool = False):
    through = Question.tags.through
    tagged = Exists(
        through.objects.filter(question_id=OuterRef("pk"), tag__team=team, tag__name__in=names)
    )
    return queryset.filter(~tagged if negate else tagged)


def question_v2_list(
    *,
    team: Team,
    user,
    page: int,
    page_size: int,
    window: Window = Window(),
    embeds: QuestionEmbeds = QuestionEmbeds(),
    count: bool = False,
    question_ids: list[int] | None = None,
    owner_ids: list[int] | None = None,
    tagged_all: list[str] | None = None,
    unanswered: bool = False,
    no_answers: bool = False,
    linked_to: list[int] | None = None,
    queryset: QuerySet | None = None,
    relevance=None,
    bounded: bool = False,
) -> KeyPage:
    """A page of the team's questions (API v2.3 `/questions` and its variants).

    `tagged_all`: every one of these tags (`/questions?tagged=`, an AND); `unanswered`: no
    accepted and no positively scored answer (`is_answered` false, as Stack defines
    it); `no_answers`: no answer at all; `linked_to`: questions that link to one of these
    questions or are linked from one (themselves excluded); `queryset`: a prepared subset
    of the team's questions (search); `relevance`: what `rank`/`relevance` order by;
    `bounded`: serve, count and page only the first `SEARCH_RESULT_LIMIT` questions in the
    list's order, the newest ones when it orders by `relevance` (a free-text search; see
    `search.search_window`)."""
    questions = queryset if queryset is not None else team.questions.all()
    if question_ids is not None:
        questions = questions.filter(pk__in=question_ids)
    if owner_ids is not None:
        questions = questions.filter(owner_id__in=owner_ids)
    if tagged_all:
        questions = _tagged_all(questions, team, tagged_all)
    if unanswered:
        questions = questions.filter(is_answered=False)
    if no_answers:
        questions = questions.filter(answer_count=0)
    if linked_to is not None:
        linking = PostLink.objects.filter(source=OuterRef("pk"), target__in=linked_to)
        linked = PostLink.objects.filter(source__in=linked_to, target=OuterRef("pk"))
        questions = questions.filter(Q(Exists(linking)) | Q(Exists(linked))).exclude(
            pk__in=linked_to
        )
    questions, ordering = _windowed(questions, window, QUESTION_SORT_FIELDS, relevance)
    if bounded:
        ranked = window.sort in RANKED and relevance is not None
        window_ordering = _ordering(["created_at"], "desc") if ranked else ordering
        questions = search_window(questions, team=team, ordering=window_ordering)
    return key_page(
        questions,
        ordering=ordering,
        page=page,
        page_size=page_size,
        count=count,
        decorate=lambda rows: question_decorate(rows, team=team, user=user, **embeds.__dict__),
    )


def question_search_queryset(
    *,
    team: Team,
    intitle: str | None = None,
    tagged_any: list[str] | None = None,
    not_tagged: list[str] | None = None,
    body: str | None = None,
    accepted: bool | None = None,
    min_answers: int | None = None,
    min_views: int | None = None,
    owner_id: int | None = None,
    url: str | None = None,
    text: str | None = None,
) -> tuple[QuerySet, object]:
    """The team's questions matching `/search` and `/search/advanced` criteria: `intitle`
    and `body` (substrings, any case), `tagged_any` (at least one of these tags),
    `not_tagged` (none of these), `accepted`, at least `min_answers` answers and
    `min_views` views, the owner, `url` (a URL in the question's body, `*` any text), and
    `text` (free text: on PostgreSQL the stored `search_vector` of title, body and
    answers against a `websearch` query, ranked by `SearchRank`; elsewhere every word in
    the title, the body or an answer's body). Returns `(questions, relevance)`,
    `relevance` None unless PostgreSQL ranks a `text`."""
    questions = team.questions.all()
    if intitle:
        questions = questions.filter(title__icontains=intitle)
    if body:
        questions = questions.filter(body_markdown__icontains=body)
    if tagged_any:
        questions = _tagged_any(questions, team, tagged_any)
    if not_tagged:
        questions = _tagged_any(questions, team, not_tagged, negate=True)
    if accepted is not None:
        questions = questions.filter(accepted_answer__isnull=not accepted)
    if min_answers is not None:
        questions = questions.filter(answer_count__gte=min_answers)
    if min_views is not None:
        questions = questions.filter(view_count__gte=min_views)
    if owner_id is not None:
        questions = questions.filter(owner_id=owner_id)
    if url:
        for part in (p for p in url.split("*") if p):
            questions = questions.filter(body_markdown__icontains=part)
    relevance = None
    if text and connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(text, search_type="websearch", config="english")
        questions = questions.filter(search_vector=query)
        relevance = SearchRank(F("search_vector"), query)
    elif text:
        for word in text.split():
            in_answers = Answer.objects.filter(
                question=OuterRef("pk"), body_markdown__icontains=word
            )
            questions = questions.filter(
                Q(title__icontains=word) | Q(body_markdown__icontains=word) | Exists(in_answers)
            )
    return questions, relevance


def question_similar_queryset(
    *,
    team: Team,
    title: str,
    tag_names: list[str] | None = None,
    not_tagged: list[str] | None = None,
    exclude_ids: list[int] | None = None,
) -> tuple[QuerySet, object]:
    """`(questions, relevance)`: the team's questions similar to a title and tags (shared
    tags and title words, as related questions are found; see
    `links.related_relevance`), none tagged `not_tagged`, not those of `exclude_ids`.
    Tags are a preference (they add to the relevance), not a requirement."""
    tag_ids = Tag.objects.filter(team=team, name__in=tag_names or []).values("pk")
    matches, relevance = related_relevance(title=title, tag_ids=tag_ids)
    questions = team.questions.filter(matches)
    if not_tagged:
        questions = _tagged_any(questions, team, not_tagged, negate=True)
    if exclude_ids:
        questions = questions.exclude(pk__in=exclude_ids)
    return questions, relevance


def question_related_queryset(*, team: Team, question_ids: list[int]) -> tuple[QuerySet, object]:
    """`(questions, relevance)`: the team's questions related to any of `question_ids`
    (their titles' words and their tags, one query to read the titles), themselves
    excluded."""
    titles = team.questions.filter(pk__in=question_ids).values_list("title", flat=True)
    tag_ids = Question.tags.through.objects.filter(question_id__in=question_ids).values("tag_id")
    matches, relevance = related_relevance(title=" ".join(titles), tag_ids=tag_ids)
    return team.questions.filter(matches).exclude(pk__in=question_ids), relevance


# --- Answers -----------------------------------------------------------------------------


def _answer_decorate_v2(rows: QuerySet, *, team: Team, user, embeds: AnswerEmbeds) -> QuerySet:
    rows = answer_decorate(rows, team=team, user=user, vote_counts=embeds.vote_counts)
    if embeds.question or embeds.question_tags:
        rows = rows.select_related("question").defer(*_QUESTION_BULK)
    if embeds.question_tags:
        rows = rows.prefetch_related(
            Prefetch("question__tags", queryset=Tag.objects.order_by("name"))
        )
    if embeds.comments:
        rows = rows.prefetch_related(
            Prefetch("comments", queryset=comment_decorate(Comment.objects.all(), team=team))
        )
    return rows


# An answer's question is joined for its title and tags, not its body.
_QUESTION_BULK = ("question__body_markdown", "question__body_html", "question__search_vector")


def answer_v2_list(
    *,
    team: Team,
    user,
    page: int,
    page_size: int,
    window: Window = Window(),
    embeds: AnswerEmbeds = AnswerEmbeds(),
    count: bool = False,
    answer_ids: list[int] | None = None,
    question_ids: list[int] | None = None,
    owner_ids: list[int] | None = None,
) -> KeyPage:
    """A page of the answers of the team's questions (`/answers`, `/answers/{ids}`,
    `/questions/{ids}/answers`, `/users/{ids}/answers`)."""
    answers = Answer.objects.filter(question__team=team)
    if answer_ids is not None:
        answers = answers.filter(pk__in=answer_ids)
    if question_ids is not None:
        answers = answers.filter(question_id__in=question_ids)
    if owner_ids is not None:
        answers = answers.filter(owner_id__in=owner_ids)
    answers, ordering = _windowed(answers, window, ANSWER_SORT_FIELDS)
    return key_page(
        answers,
        ordering=ordering,
        page=page,
        page_size=page_size,
        count=count,
        decorate=lambda rows: _answer_decorate_v2(rows, team=team, user=user, embeds=embeds),
    )


# --- Comments ----------------------------------------------------------------------------


def comment_v2_list(
    *,
    team: Team,
    page: int,
    page_size: int,
    window: Window = Window(sort="creation"),
    count: bool = False,
    comment_ids: list[int] | None = None,
    question_ids: list[int] | None = None,
    answer_ids: list[int] | None = None,
    post_ids: list[int] | None = None,
) -> KeyPage:
    """A page of the comments on the team's posts (`/comments`, `/comments/{ids}`): those
    under the questions `question_ids` themselves, under the answers `answer_ids`, or
    under any of the posts `post_ids` (questions, answers or articles)."""
    comments = Comment.objects.filter(Q(question__team=team) | Q(article__team=team))
    if comment_ids is not None:
        comments = comments.filter(pk__in=comment_ids)
    if question_ids is not None:
        comments = comments.filter(question_id__in=question_ids, answer=None)
    if answer_ids is not None:
        comments = comments.filter(answer_id__in=answer_ids)
    if post_ids is not None:
        comments = comments.filter(
            Q(question_id__in=post_ids, answer=None)
            | Q(answer_id__in=post_ids)
            | Q(article_id__in=post_ids)
        )
    comments, ordering = _windowed(comments, window, COMMENT_SORT_FIELDS)
    return key_page(
        comments,
        ordering=ordering,
        page=page,
        page_size=page_size,
        count=count,
        decorate=lambda rows: comment_decorate(rows, team=team),
    )


# --- Posts (questions and answers) -------------------------------------------------------


def post_v2_list(
    *,
    team: Team,
    user,
    page: int,
    page_size: int,
    window: Window = Window(),
    vote_counts: bool = False,
    comments: bool = False,
    count: bool = False,
    post_ids: list[int] | None = None,
) -> KeyPage:
    """A page of the team's questions and answers in one list (`/posts`, `/posts/{ids}`).

    The keys of both kinds are read in one UNION ALL ordered as a whole, then each kind's
    rows of the page (decorated as the question and answer lists decorate them, with
    their own comments when asked): at most three queries plus the prefetches (and one to
    tell the kind of each of `post_ids`)."""
    column = POST_SORT_FIELDS[window.sort]
    kinds = None
    if post_ids is not None:
        # What each id is (an id made before posts shared one sequence may name both a
        # question and an answer: the question is the one reported, as everywhere).
        kinds = post_kinds(team=team, ids=post_ids, kinds=("question", "answer"))
    parts = []
    for kind, rows in (
        ("question", team.questions.all()),
        ("answer", Answer.objects.filter(question__team=team)),
    ):
        if kinds is not None:
            rows = rows.filter(pk__in=[pk for pk, found in kinds.items() if found == kind])
        rows, _ = _windowed(rows, window, POST_SORT_FIELDS)
        parts.append(
            rows.order_by()
            .annotate(kind=Value(kind, output_field=CharField()), sort_key=F(column))
            .values_list("sort_key", "id", "kind")
        )
    union = parts[0].union(parts[1], all=True)
    total = union.count() if count else None
    sign = "-" if window.order == "desc" else ""
    offset = (page - 1) * page_size
    keys = [
        (kind, pk)
        for _, pk, kind in union.order_by(f"{sign}sort_key", f"{sign}id", "kind")[
            offset : offset + page_size + 1
        ]
    ]
    has_more = len(keys) > page_size
    keys = keys[:page_size]
    ids = {"question": [pk for kind, pk in keys if kind == "question"]}
    ids["answer"] = [pk for kind, pk in keys if kind == "answer"]
    found = {}
    if ids["question"]:
        rows = question_decorate(
            team.questions.filter(pk__in=ids["question"]),
            team=team,
            user=user,
            vote_counts=vote_counts,
            comments=comments,
        )
        found.update((("question", q.pk), q) for q in rows)
    if ids["answer"]:
        rows = _answer_decorate_v2(
            Answer.objects.filter(question__team=team, pk__in=ids["answer"]),
            team=team,
            user=user,
            embeds=AnswerEmbeds(vote_counts=vote_counts, comments=comments, question=True),
        )
        found.update((("answer", a.pk), a) for a in rows)
    items = [found[key] for key in keys if key in found]
    return KeyPage(items=items, has_more=has_more, total=total)

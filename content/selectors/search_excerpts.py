"""Highlighted titles and excerpts of search results (the web search page).

`search_highlights` takes the items of a `content_search` page and the query, and returns
for each item its title and an excerpt of its body as *segments*: `(text, is_match)`
pairs, plain text only. The face escapes every segment and marks the matches (`<mark>`),
so no stored text is ever trusted as HTML here.

PostgreSQL: `ts_headline` with the same `websearch` query and English configuration as
the search, so a match found through stemming ("rotating" for "rotate") is marked too;
one query for the whole page. The markers are control characters, which no title or
body may hold (`services.texts`). Other databases: each query word (or quoted phrase) is
marked where it appears, case-insensitively, in the title and in an excerpt cut around
the first match; no query.
"""

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import CharField, F, Func, TextField, Value

from ..models import Article, Question

START, STOP = "\x02", "\x03"
_TITLE_OPTIONS = f"StartSel={START}, StopSel={STOP}, HighlightAll=true"
_BODY_OPTIONS = (
    f"StartSel={START}, StopSel={STOP}, MaxWords=40, MinWords=20, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)
EXCERPT_CHARACTERS = 240

Segments = list[tuple[str, bool]]


@dataclass(frozen=True)
class Highlight:
    title: Segments
    excerpt: Segments


def search_highlights(*, items: list, query: str) -> dict[tuple[str, int], Highlight]:
    """`{(kind, id): Highlight}` for each `Question` (kind "question") and `Article`
    ("article") of `items`."""
    if not items:
        return {}
    if connection.vendor == "postgresql":
        return _postgres_highlights(items=items, query=query)
    terms = query_terms(query)
    return {
        (_kind(item), item.pk): Highlight(
            title=mark_terms(item.title, terms),
            excerpt=mark_terms(excerpt_around(plain_text(item.body_markdown), terms), terms),
        )
        for item in items
    }


def _kind(item) -> str:
    return "article" if isinstance(item, Article) else "question"


# --- PostgreSQL ---------------------------------------------------------------------------


class _Headline(Func):
    function = "ts_headline"
    output_field = TextField()


def _postgres_highlights(*, items: list, query: str) -> dict:
    tsquery = Func(
        Value("english"), Value(query), function="websearch_to_tsquery", output_field=TextField()
    )

    def headline(field: str, options: str) -> _Headline:
        config = Value("english", output_field=CharField())
        return _Headline(config, F(field), tsquery, Value(options, output_field=CharField()))

    parts = []
    for kind, model in (("question", Question), ("article", Article)):
        ids = [item.pk for item in items if _kind(item) == kind]
        if ids:
            parts.append(
                model.objects.filter(pk__in=ids)
                .order_by()
                .annotate(
                    kind=Value(kind, output_field=CharField()),
                    title_marked=headline("title", _TITLE_OPTIONS),
                    body_marked=headline("body_markdown", _BODY_OPTIONS),
                )
                .values_list("kind", "pk", "title_marked", "body_marked")
            )
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return {
        (kind, pk): Highlight(title=split_marked(title), excerpt=split_marked(plain_text(body)))
        for kind, pk, title, body in rows
    }


def split_marked(text: str) -> Segments:
    """Segments of a `ts_headline` result marked with START…STOP."""
    segments = []
    for part in re.split(f"({START}[^{STOP}]*{STOP})", text):
        if part.startswith(START) and part.endswith(STOP):
            segments.append((part[1:-1], True))
        elif part:
            segments.append((part.replace(START, "").replace(STOP, ""), False))
    return _merged(segments)


# --- Other databases (and the plain text helpers) -----------------------------------------


def query_terms(query: str) -> list[str]:
    """The words and "quoted phrases" of a websearch query that a match contains (not the
    `-excluded` ones, not the operator `or`)."""
    terms = []
    for phrase, word in re.findall(r'"([^"]+)"|(\S+)', query):
        term = phrase or word
        if word and (word.startswith("-") or word.lower() == "or"):
            continue
        term = term.strip("\"'")
        if term:
            terms.append(term)
    return terms


_MARKDOWN_SYNTAX = [
    (re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),  # [text](url), ![alt](src)
    (re.compile(r"^\s*(?:#{1,6}\s+|>\s?|[-*+]\s+)", re.MULTILINE), ""),  # headings, quotes, lists
    (re.compile(r"^\s*\|?[\s:|-]*-[\s:|-]*\|?\s*$", re.MULTILINE), ""),  # table rules
    (re.compile(r"```[\w+-]*|\|"), " "),  # fences (and their language), table bars
    (re.compile(r"\*\*|__|`"), ""),  # bold, code
]


def plain_text(markdown: str) -> str:
    """A Markdown source read as text for an excerpt: the words, without the syntax that
    would show as noise (`**`, fences, table bars, link targets)."""
    for pattern, replacement in _MARKDOWN_SYNTAX:
        markdown = pattern.sub(replacement, markdown)
    return " ".join(markdown.split())


def _pattern(terms: list[str]) -> re.Pattern | None:
    if not terms:
        return None
    alternatives = sorted((re.escape(term) for term in terms), key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def mark_terms(text: str, terms: list[str]) -> Segments:
    pattern = _pattern(terms)
    if pattern is None:
        return [(text, False)] if text else []
    segments, position = [], 0
    for match in pattern.finditer(text):
        if match.start() > position:
            segments.append((text[position : match.start()], False))
        segments.append((match.group(), True))
        position = match.end()
    if position < len(text):
        segments.append((text[position:], False))
    return _merged(segments)


def excerpt_around(text: str, terms: list[str], *, length: int = EXCERPT_CHARACTERS) -> str:
    """About `length` characters of `text` (whitespace collapsed) around the first match
    of a term, with "…" where it was cut."""
    flat = " ".join(text.split())
    pattern = _pattern(terms)
    match = pattern.search(flat) if pattern else None
    start = 0
    if match is not None and match.start() > length // 3:
        start = flat.rfind(" ", 0, match.start() - length // 3) + 1
    end = start + length
    if end < len(flat):
        end = flat.rfind(" ", start, end) if flat.rfind(" ", start, end) > start else end
    excerpt = flat[start:end]
    return ("… " if start else "") + excerpt + (" …" if end < len(flat) else "")


def _merged(segments: Segments) -> Segments:
    merged: Segments = []
    for text, is_match in segments:
        if merged and merged[-1][1] == is_match:
            merged[-1] = (merged[-1][0] + text, is_match)
        else:
            merged.append((text, is_match))
    return merged

"""Links between posts, found in Markdown bodies (parsed when a post is saved, never at
read time).

A link to a post is any URL whose path ends in one of our page paths: `/questions/<id>`
(as `urls_paths.question_path()` writes it under `/teams/<team>/`, optionally followed by a
slug, an `#answer-…` fragment or a query), Stack's short form `/q/<id>`, or
`/articles/<id>`: absolute with any host (and any path before it, as
`https://host/c/team/questions/<id>/slug`), or relative (`/teams/<team>/questions/<id>/`,
or the older team-less `/questions/<id>/`). API paths
(`…/api/v3/…/questions/<id>`) are not page links and are ignored, as is a path glued to a
longer word. Which ids really are posts of the team is for the caller to check.
"""

import re

from .models import MAX_ID

_URL_START = (
    r"(?:(?P<host>https?://[^\s/()<>\[\]\"']+)(?P<prefix>/[^\s()<>\[\]\"']*?)?"
    r"|(?<![\w/.:-])(?:/teams/[\w-]+)?)"
)
_URL_END = r"(?=$|[/#?\s)\]>\"'.,;:!])"
QUESTION_LINK = re.compile(
    _URL_START + r"/(?:questions|q)/(?P<id>\d{1,19})" + _URL_END, re.IGNORECASE
)
ARTICLE_LINK = re.compile(_URL_START + r"/articles/(?P<id>\d{1,19})" + _URL_END, re.IGNORECASE)


def _ids(pattern: re.Pattern, text: str) -> set[int]:
    ids = set()
    for match in pattern.finditer(text or ""):
        if "/api/" in (match["prefix"] or "") + "/":
            continue  # an API URL, not a page
        value = int(match["id"])
        if 0 < value <= MAX_ID:
            ids.add(value)
    return ids


def question_ids_in(text: str) -> set[int]:
    """Ids of the questions a Markdown body links to (not checked against a team)."""
    return _ids(QUESTION_LINK, text)


def article_ids_in(text: str) -> set[int]:
    """Ids of the articles a Markdown body links to (not checked against a team)."""
    return _ids(ARTICLE_LINK, text)

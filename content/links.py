"""Links between posts, found in Markdown bodies.

A link to a post is its page path, `/questions/<id>/…` (or the short `/q/<id>`) and
`/articles/<id>/…`, alone or in an absolute URL on any host. API paths
(`/api/v3/…/questions/<id>`) are not page links and are ignored, as is anything glued to
a longer word. Which ids really are posts of the team is for the caller to check.
"""

import re

_BEFORE = r"(?<![\w/.\-])"  # start of a path or of a URL, not the middle of one
_HOST = r"(?:https?://[^\s/()<>\[\]\"']+)?"
QUESTION_LINK = re.compile(_BEFORE + _HOST + r"/(?:questions|q)/(\d{1,18})(?!\d)")
ARTICLE_LINK = re.compile(_BEFORE + _HOST + r"/articles/(\d{1,18})(?!\d)")


def question_ids_in(markdown: str) -> set[int]:
    """Ids of the questions a body links to."""
    return {int(match) for match in QUESTION_LINK.findall(markdown)}


def article_ids_in(markdown: str) -> set[int]:
    """Ids of the articles a body links to."""
    return {int(match) for match in ARTICLE_LINK.findall(markdown)}

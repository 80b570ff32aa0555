"""Links between questions: found in the Markdown bodies of a question and its answers.

`question_links_refresh` replaces a question's outgoing links with those its bodies hold
now; the question and answer services call it after every create, edit and delete, so
the `linked` list of API v3 never parses a body at read time.

A link to a question is any URL whose path ends in one of our question paths
(`/questions/<id>/` as `question_path()` writes it, optionally followed by a slug, an
`#answer-…` fragment or a query) or Stack's short form `/q/<id>`: absolute with any host
(and any path before it, as `https://host/c/team/questions/<id>/slug`), or relative.
Only ids of other questions of the same team are kept.
"""

import re

from django.db import transaction

from ..models import Answer, PostLink, Question
from ..selectors.common import MAX_ID

# A question URL: an optional scheme and host (with any path prefix), then `/questions/<id>`
# or `/q/<id>`, then the end of the URL or something that may follow an id in a URL.
_QUESTION_URL = re.compile(
    r"(?:(?P<host>https?://[^\s/()<>\[\]\"']+)(?:/[^\s()<>\[\]\"']*?)?|(?<![\w/.:-]))"
    r"/(?:questions|q)/(?P<id>\d{1,19})(?=$|[/#?\s)\]>\"'.,;:!])",
    re.IGNORECASE,
)


def question_ids_linked(text: str) -> set[int]:
    """The ids of the questions the Markdown `text` links to (not checked against a team)."""
    ids = set()
    for match in _QUESTION_URL.finditer(text or ""):
        value = int(match["id"])
        if 0 < value <= MAX_ID:
            ids.add(value)
    return ids


@transaction.atomic
def question_links_refresh(*, question: Question) -> None:
    """Replace the outgoing links of `question` with the links in its body and in the
    bodies of its answers (to other questions of its team)."""
    ids = question_ids_linked(question.body_markdown)
    for body in Answer.objects.filter(question_id=question.pk).values_list(
        "body_markdown", flat=True
    ):
        ids |= question_ids_linked(body)
    ids.discard(question.pk)
    targets = set(
        Question.objects.filter(team_id=question.team_id, pk__in=ids).values_list("pk", flat=True)
    )
    current = set(PostLink.objects.filter(source=question).values_list("target_id", flat=True))
    if current - targets:
        PostLink.objects.filter(source=question, target_id__in=current - targets).delete()
    if targets - current:
        PostLink.objects.bulk_create(
            [PostLink(source=question, target_id=pk) for pk in targets - current],
            ignore_conflicts=True,
        )

"""Links between questions: found in the Markdown bodies of a question and its answers.

`question_links_refresh` replaces a question's outgoing links with those its bodies hold
now; the question and answer services call it after every create, edit and delete, so
the `linked` list of API v3 never parses a body at read time.

What counts as a link is `content.links`; only ids of other questions of the same team are
kept.
"""

from django.db import transaction

from ..links import question_ids_in
from ..models import Answer, PostLink, Question


@transaction.atomic
def question_links_refresh(*, question: Question) -> None:
    """Replace the outgoing links of `question` with the links in its body and in the
    bodies of its answers (to other questions of its team)."""
    ids = question_ids_in(question.body_markdown)
    for body in Answer.objects.filter(question_id=question.pk).values_list(
        "body_markdown", flat=True
    ):
        ids |= question_ids_in(body)
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

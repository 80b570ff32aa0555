"""Reads of flags: the options a member may choose on a post."""

from dataclasses import dataclass

from ..flag_options import FlagOption, flag_options_for
from ..models import Answer, Flag, Question


@dataclass(frozen=True)
class FlagOptions:
    """The options offered on a post, and those the caller already raised there (open)."""

    kind: str  # "question" or "answer"
    options: tuple[FlagOption, ...]
    raised: frozenset[int]


def flag_option_list(*, user, question: Question, answer: Answer | None = None) -> FlagOptions:
    """The flag options of a question, or of one of its answers, for `user` (one query)."""
    post = answer if answer is not None else question
    kind = "answer" if answer is not None else "question"
    own = post.owner_id is not None and post.owner_id == user.pk
    raised = Flag.objects.filter(
        question=question, answer=answer, flagger=user, status=Flag.Status.OPEN
    ).values_list("option_id", flat=True)
    return FlagOptions(
        kind=kind, options=flag_options_for(kind=kind, own_post=own), raised=frozenset(raised)
    )

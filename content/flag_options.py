"""The flag options of Stack Overflow for Teams, with stable ids.

API v3 lists them (`GET …/flags/options`, `FlagOptionResponseModel`) and a flag is raised
with one of their `optionId`s. The set is fixed: its ids are stored on every `Flag`, so
an id is never reused for another meaning. Questions and answers have different sets (a
duplicate is a question; "not an answer" is an answer). An option with `sub_options` is
a heading: it has no id of its own and cannot be chosen, only one of its sub-options.

On one's own post only "in need of moderator intervention" is offered, as on Stack
Overflow (nobody reports their own post as spam or rude).
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FlagOption:
    option_id: int | None
    title: str
    description: str
    requires_comment: bool = False
    requires_question_id: bool = False
    requires_site: bool = False
    sub_options: tuple["FlagOption", ...] = field(default=())


SPAM = 1
RUDE_OR_ABUSIVE = 2
DUPLICATE = 3
NEEDS_DETAILS_OR_CLARITY = 4
NEEDS_MORE_FOCUS = 5
OPINION_BASED = 6
OUTDATED = 7
NOT_AN_ANSWER = 8
MODERATOR_INTERVENTION = 9

_SPAM = FlagOption(
    SPAM,
    "spam",
    "Exists only to promote a product or service, does not disclose the author's affiliation.",
)
_RUDE = FlagOption(
    RUDE_OR_ABUSIVE,
    "rude or abusive",
    "A reasonable person would find this content inappropriate for respectful discourse.",
)
_OUTDATED = FlagOption(
    OUTDATED,
    "outdated",
    "The information in this post is no longer accurate or no longer applies.",
)
_MODERATOR = FlagOption(
    MODERATOR_INTERVENTION,
    "in need of moderator intervention",
    "A problem not listed above that requires action by a moderator. Be specific and detailed!",
    requires_comment=True,
)

QUESTION_FLAG_OPTIONS = (
    _SPAM,
    _RUDE,
    FlagOption(
        DUPLICATE,
        "a duplicate",
        "This question has been asked before and already has an answer.",
        requires_question_id=True,
    ),
    FlagOption(
        None,
        "needs improvement",
        "This question is not ready to be answered and should be improved by its author.",
        sub_options=(
            FlagOption(
                NEEDS_DETAILS_OR_CLARITY,
                "needs details or clarity",
                "This question should include more details and clarify the problem.",
            ),
            FlagOption(
                NEEDS_MORE_FOCUS,
                "needs more focus",
                "This question currently includes multiple questions in one. It should "
                "focus on one problem only.",
            ),
            FlagOption(
                OPINION_BASED,
                "opinion-based",
                "This question is likely to be answered with opinions rather than facts "
                "and citations.",
            ),
        ),
    ),
    _OUTDATED,
    _MODERATOR,
)

ANSWER_FLAG_OPTIONS = (
    _SPAM,
    _RUDE,
    FlagOption(
        NOT_AN_ANSWER,
        "not an answer",
        "This was posted as an answer, but it does not attempt to answer the question. It "
        "should possibly be an edit, a comment, another question, or deleted altogether.",
    ),
    _OUTDATED,
    _MODERATOR,
)

OWN_POST_FLAG_OPTIONS = (_MODERATOR,)

DIALOG_TITLES = {
    "question": "I am flagging to report this question as...",
    "answer": "I am flagging to report this answer as...",
}


def flag_options_for(*, kind: str, own_post: bool) -> tuple[FlagOption, ...]:
    """The options offered on a question or an answer (`kind`), by or not by the caller."""
    if own_post:
        return OWN_POST_FLAG_OPTIONS
    return QUESTION_FLAG_OPTIONS if kind == "question" else ANSWER_FLAG_OPTIONS


def selectable(options) -> dict[int, FlagOption]:
    """The options that can be chosen (sub-options, not their headings), by id."""
    chosen = {}
    for option in options:
        if option.sub_options:
            chosen.update(selectable(option.sub_options))
        elif option.option_id is not None:
            chosen[option.option_id] = option
    return chosen


FLAG_OPTION_TITLES = {
    option.option_id: option.title
    for options in (QUESTION_FLAG_OPTIONS, ANSWER_FLAG_OPTIONS)
    for option in selectable(options).values()
}

"""The rule on a post's texts that every face shares: a title or a body is required, has
a maximum length, and holds no control characters (a body may hold tabs and line breaks)."""

import re

from django.core.exceptions import ValidationError

from ..models import BODY_MAX_LENGTH, COMMENT_MAX_LENGTH, TITLE_MAX_LENGTH

TEXT_REQUIRED_MESSAGE = "This field is required."
TEXT_TOO_LONG_MESSAGE = "Ensure this field has no more than {limit} characters."
CONTROL_CHARACTER_MESSAGE = "Control characters are not allowed."
MULTILINE_CONTROL_CHARACTER_MESSAGE = (
    "Control characters are not allowed (tabs and line breaks are)."
)
# C0 controls, DEL and C1 controls; a multi-line text (a body, a description) keeps tab,
# line feed and carriage return.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
MULTILINE_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_characters_message(value: str, *, multiline: bool) -> str | None:
    """Why `value` may not be stored as text, or None."""
    if multiline:
        return (
            MULTILINE_CONTROL_CHARACTER_MESSAGE
            if MULTILINE_CONTROL_CHARACTERS.search(value)
            else None
        )
    return CONTROL_CHARACTER_MESSAGE if CONTROL_CHARACTERS.search(value) else None


def text_check(**fields: tuple[str | None, int]) -> None:
    """Refuse an empty or too long text: `name=(value, max_length)` for each field (a
    title, a body), as a `ValidationError` naming the field.

    The faces' own validation (v3 serializers, admin forms) says the same first; this is
    the rule they share, so that a face without a serializer (API v2.3, its `preview`)
    cannot save what they would refuse."""
    for name, (value, limit) in fields.items():
        if value is None or not value.strip():
            raise ValidationError({name: [TEXT_REQUIRED_MESSAGE]})
        if len(value) > limit:
            raise ValidationError({name: [TEXT_TOO_LONG_MESSAGE.format(limit=limit)]})
        refused = control_characters_message(value, multiline=name != "title")
        if refused:
            raise ValidationError({name: [refused]})


def question_texts_check(*, title: str | None, body: str | None) -> None:
    text_check(title=(title, TITLE_MAX_LENGTH), body=(body, BODY_MAX_LENGTH))


def article_texts_check(*, title: str | None, body: str | None) -> None:
    text_check(title=(title, TITLE_MAX_LENGTH), body=(body, BODY_MAX_LENGTH))


def answer_text_check(*, body: str | None) -> None:
    text_check(body=(body, BODY_MAX_LENGTH))


def comment_text_check(*, body: str | None) -> None:
    text_check(body=(body, COMMENT_MAX_LENGTH))

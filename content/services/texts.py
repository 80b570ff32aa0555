"""The rule on a post's texts that every face shares: a title or a body is required and
has a maximum length."""

from django.core.exceptions import ValidationError

from ..models import BODY_MAX_LENGTH, COMMENT_MAX_LENGTH, TITLE_MAX_LENGTH

TEXT_REQUIRED_MESSAGE = "This field is required."
TEXT_TOO_LONG_MESSAGE = "Ensure this field has no more than {limit} characters."


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


def question_texts_check(*, title: str | None, body: str | None) -> None:
    text_check(title=(title, TITLE_MAX_LENGTH), body=(body, BODY_MAX_LENGTH))


def answer_text_check(*, body: str | None) -> None:
    text_check(body=(body, BODY_MAX_LENGTH))


def comment_text_check(*, body: str | None) -> None:
    text_check(body=(body, COMMENT_MAX_LENGTH))

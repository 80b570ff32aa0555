"""Forms of the question pages: ask, answer, comment, edit.

A form parses what the browser sent; the rules (required texts, lengths, control
characters, tag names and counts, who may do what) are the services', whose
`ValidationError`s are put next to their fields (`add_service_errors`). The limits below
are the models' own constants, given to the browser as `maxlength` too.
"""

import re

from django import forms
from django.core.exceptions import ValidationError

from .. import services
from ..models import BODY_MAX_LENGTH, COMMENT_MAX_LENGTH, TITLE_MAX_LENGTH

TAG_SEPARATORS = r"[\s,;]+"
TAGS_HELP = (
    f"1 to {services.MAX_TAGS} tags, separated by spaces or commas: "
    "letters, digits and + # . - (e.g. python release-process)."
)
BODY_HELP = (
    "Markdown: **bold**, *italic*, `code`, ``` fenced code blocks ```, [links](https://…), "
    "lists and tables. Press Preview to see it rendered."
)
SUBMISSION_EXPIRED_MESSAGE = "This form has expired: reload the page and send it again."


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's `ValidationError` next to the form's fields (`{"body": [...]}`, the
    keys renamed by the form's `service_fields` where it has them); messages for fields
    the form does not have go to the top of the form."""
    if hasattr(error, "error_dict"):
        renamed = getattr(form, "service_fields", {})
        for key, messages in error.message_dict.items():
            field = renamed.get(key, key)
            for message in messages:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class _Markdown(forms.Textarea):
    def __init__(self, rows: int):
        super().__init__(attrs={"rows": rows, "class": "markdown-input", "spellcheck": "true"})


class SubmissionForm(forms.Form):
    """A form that creates something: it carries a one-time key (see
    `services.submissions`), made when the form is first shown and kept while it is
    corrected or previewed."""

    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", services.submission_key_new())

    def clean(self):
        # A hidden field's error would show nowhere: said at the top of the form.
        cleaned = super().clean()
        if "submission_key" in self.fields and not services.submission_key_valid(
            cleaned.get("submission_key", "")
        ):
            raise ValidationError(SUBMISSION_EXPIRED_MESSAGE)
        return cleaned


class QuestionForm(SubmissionForm):
    title = forms.CharField(
        max_length=TITLE_MAX_LENGTH,
        help_text="Be specific: imagine you are asking a colleague.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    body = forms.CharField(
        label="Body",
        max_length=BODY_MAX_LENGTH,
        strip=False,
        help_text=BODY_HELP,
        widget=_Markdown(rows=12),
    )
    tags = forms.CharField(
        max_length=200,
        help_text=TAGS_HELP,
        widget=forms.TextInput(
            attrs={"list": "tag-suggestions", "autocomplete": "off", "autocapitalize": "none"}
        ),
    )

    def clean_tags(self) -> list[str]:
        return [name for name in re.split(TAG_SEPARATORS, self.cleaned_data["tags"]) if name]


class QuestionEditForm(QuestionForm):
    """The same fields, without the one-time key: saving the same edit twice changes
    nothing."""

    submission_key = None


def question_initial(question) -> dict:
    """A `QuestionEditForm`'s initial values from a question."""
    tags = " ".join(tag.name for tag in question.tags.all())
    return {"title": question.title, "body": question.body_markdown, "tags": tags}


class AnswerForm(SubmissionForm):
    body = forms.CharField(
        label="Your answer",
        max_length=BODY_MAX_LENGTH,
        strip=False,
        help_text=BODY_HELP,
        widget=_Markdown(rows=10),
    )


class AnswerEditForm(forms.Form):
    body = AnswerForm.base_fields["body"]


class CommentForm(SubmissionForm):
    body = forms.CharField(
        label="Comment",
        max_length=COMMENT_MAX_LENGTH,
        strip=False,
        help_text=f"Up to {COMMENT_MAX_LENGTH} characters; Markdown for `code`, *emphasis*, links.",
        widget=forms.Textarea(attrs={"rows": 3, "class": "comment-input"}),
    )


class CommentEditForm(forms.Form):
    body = CommentForm.base_fields["body"]


class ConfirmForm(SubmissionForm):
    """A confirmation (delete): its one-time key makes a double click delete once and
    send both clicks to the same page."""

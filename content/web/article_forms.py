"""The forms of the article and collection pages: each checks its own fields, so that an
error lands next to its field with or without JavaScript.

The services stay the rule (the same texts, tags, editors and permissions as API v3); a
form says the same first, and `forms.add_service_errors` puts what a service refuses (a
`ValidationError` keyed by the API's field names, renamed by the form's `service_fields`)
next to the form's field.
"""

import re

from django import forms
from django.core.exceptions import ValidationError

from ..links import article_ids_in, question_ids_in
from ..models import (
    BODY_MAX_LENGTH,
    COLLECTION_DESCRIPTION_MAX_LENGTH,
    COLLECTION_MAX_ITEMS,
    TITLE_MAX_LENGTH,
    Article,
)
from ..services.tags import tag_names_clean
from ..services.texts import control_characters_message
from ..urls_paths import article_path, question_path
from .forms import TAGS_HELP, SubmissionForm

BODY_HELP = (
    "Markdown: **bold**, *italic*, `code`, ``` fenced code blocks ```, [links](https://…), "
    "lists and tables. Press Preview to see it rendered."
)
EDITORS_HELP = (
    "Only when “Specific editors” is chosen; team admins can always edit. "
    "Ctrl-click (⌘-click on a Mac) to choose several."
)
CONTENT_HELP = (
    "One question or article per line, in order: its link (copy it from the address bar) "
    f"or its id, then anything you like (its title, a note). At most {COLLECTION_MAX_ITEMS}."
)
CHOOSE_SEVERAL_HELP = "Ctrl-click (⌘-click on a Mac) to choose several."
CONTENT_LINE_MESSAGE = "Line {line}: not a link to a question or an article, nor an id."
TAG_SEPARATORS = re.compile(r"[\s,;]+")


def split_tags(value: str) -> list[str]:
    """Tag names as people type them: separated by spaces, commas or semicolons."""
    return [name for name in TAG_SEPARATORS.split(value or "") if name]


def _no_control_characters(value: str, *, multiline: bool) -> str:
    refused = control_characters_message(value, multiline=multiline)
    if refused:
        raise ValidationError(refused)
    return value


class ArticleForm(SubmissionForm):
    """Write or edit an article: type, title, body (Markdown), tags, and who may edit it.

    `members` and `groups` are the `(id, name)` choices of editors (the team's people and
    user groups); `may_set_permissions` is False for an editor who is not the article's
    owner nor a team admin: the permission fields are then shown disabled and keep the
    article's values (the service refuses a change anyway)."""

    # The services' error keys (API field names) → this form's fields.
    service_fields = {
        "title": "title",
        "body": "body",
        "tags": "tags",
        "type": "type",
        "permissions": "editable_by",
        "editorUserIds": "editor_users",
        "editorUserGroupIds": "editor_groups",
    }

    type = forms.ChoiceField(
        label="Type", choices=Article.Type.choices, initial=Article.Type.KNOWLEDGE_ARTICLE
    )
    title = forms.CharField(
        label="Title",
        max_length=TITLE_MAX_LENGTH,
        help_text="Say what it is about, as someone would search for it.",
    )
    body = forms.CharField(
        label="Body",
        max_length=BODY_MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "class": "markdown-input", "spellcheck": "true"}),
        help_text=BODY_HELP,
    )
    tags = forms.CharField(
        label="Tags",
        max_length=300,
        help_text=TAGS_HELP,
        widget=forms.TextInput(
            attrs={"list": "tag-suggestions", "autocomplete": "off", "autocapitalize": "none"}
        ),
    )
    editable_by = forms.ChoiceField(
        label="Who can edit it",
        choices=Article.EditableBy.choices,
        initial=Article.EditableBy.OWNER_ONLY,
        widget=forms.RadioSelect,
    )
    editor_users = forms.TypedMultipleChoiceField(
        label="Editors", coerce=int, required=False, help_text=EDITORS_HELP
    )
    editor_groups = forms.TypedMultipleChoiceField(
        label="Editor groups", coerce=int, required=False, help_text=EDITORS_HELP
    )

    def __init__(self, *args, members=(), groups=(), may_set_permissions=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["editor_users"].choices = list(members)
        self.fields["editor_groups"].choices = list(groups)
        self.fields["editor_users"].widget.attrs["size"] = min(8, max(3, len(members)))
        self.fields["editor_groups"].widget.attrs["size"] = min(6, max(3, len(groups)))
        if not may_set_permissions:
            for name in ("editable_by", "editor_users", "editor_groups"):
                self.fields[name].disabled = True

    def clean_title(self) -> str:
        return _no_control_characters(self.cleaned_data["title"], multiline=False)

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        if not body.strip():
            raise ValidationError(self.fields["body"].error_messages["required"])
        return _no_control_characters(body, multiline=True)

    def clean_tags(self) -> list[str]:
        try:
            return tag_names_clean(names=split_tags(self.cleaned_data["tags"]))
        except ValidationError as error:
            raise ValidationError(error.message_dict["tags"]) from None

    def clean(self):
        data = super().clean()
        if data.get("editable_by") != Article.EditableBy.SPECIFIC_EDITORS:
            # Editors only count for "specific editors": a choice left selected under
            # another option is dropped rather than refused.
            data["editor_users"], data["editor_groups"] = [], []
        return data

    def service_arguments(self) -> dict:
        """The cleaned form as the article services' keyword arguments."""
        data = self.cleaned_data
        return {
            "title": data["title"],
            "body": data["body"],
            "tags": data["tags"],
            "type": data["type"],
            "editable_by": data["editable_by"],
            "editor_user_ids": data["editor_users"],
            "editor_group_ids": data["editor_groups"],
        }


class ArticleEditForm(ArticleForm):
    """The same fields, without the one-time key: saving the same edit twice changes
    nothing."""

    submission_key = None


def article_initial(article) -> dict:
    """An `ArticleForm`'s initial values from an article (as `selectors.article_get`
    returns it: tags and editors loaded)."""
    groups = {row["pk"] for row in getattr(article, "editor_group_rows", [])}
    return {
        "type": article.type,
        "title": article.title,
        "body": article.body_markdown,
        "tags": " ".join(tag.name for tag in article.tags.all()),
        "editable_by": article.editable_by,
        "editor_users": [user.pk for user in getattr(article, "editor_members", [])],
        "editor_groups": sorted(groups),
    }


# --- Collections ---------------------------------------------------------------------------


def content_ids_from_lines(text: str) -> list[int]:
    """The post ids of a collection's content as people paste it: one question or article
    per line, its first word a page link (`/teams/<team>/questions/12/…`, `…/articles/7/`,
    any host) or a bare id, and the rest of the line free (the edit form writes each
    item's title there); blank lines are skipped. A `ValidationError` names each line that
    does not start with a link or an id."""
    ids, bad = [], []
    for number, line in enumerate((text or "").splitlines(), start=1):
        words = line.split(maxsplit=1)
        if not words:
            continue
        first = words[0]
        if first.isascii() and first.isdigit() and len(first) <= 19:
            ids.append(int(first))
            continue
        found = question_ids_in(first) | article_ids_in(first)
        if len(found) == 1:
            ids.append(found.pop())
        else:
            bad.append(CONTENT_LINE_MESSAGE.format(line=number))
    if bad:
        raise ValidationError(bad)
    return ids


class CollectionForm(SubmissionForm):
    """Create or edit a collection: title, description, its questions and articles in
    order, its editors and editor groups."""

    service_fields = {
        "title": "title",
        "contentIds": "content",
        "editorUserIds": "editor_users",
        "editorUserGroupIds": "editor_groups",
        "ownerId": None,
    }

    title = forms.CharField(label="Title", max_length=TITLE_MAX_LENGTH)
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=COLLECTION_DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the collection is for, in a sentence or two.",
    )
    content = forms.CharField(
        label="Questions and articles",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "class": "mono"}),
        help_text=CONTENT_HELP,
    )
    editor_users = forms.TypedMultipleChoiceField(
        label="Editors",
        coerce=int,
        required=False,
        help_text="People who may change it besides you; team admins always can. "
        + CHOOSE_SEVERAL_HELP,
    )
    editor_groups = forms.TypedMultipleChoiceField(
        label="Editor groups",
        coerce=int,
        required=False,
        help_text="Every member of these groups may change it. " + CHOOSE_SEVERAL_HELP,
    )

    def __init__(self, *args, members=(), groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["editor_users"].choices = list(members)
        self.fields["editor_groups"].choices = list(groups)
        self.fields["editor_users"].widget.attrs["size"] = min(8, max(3, len(members)))
        self.fields["editor_groups"].widget.attrs["size"] = min(6, max(3, len(groups)))

    def clean_title(self) -> str:
        return _no_control_characters(self.cleaned_data["title"], multiline=False)

    def clean_description(self) -> str:
        return _no_control_characters(self.cleaned_data["description"], multiline=True)

    def clean_content(self) -> list[int]:
        return content_ids_from_lines(self.cleaned_data["content"])

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "content_ids": data["content"],
            "editor_user_ids": data["editor_users"],
            "editor_group_ids": data["editor_groups"],
        }


class CollectionEditForm(CollectionForm):
    """The same fields, without the one-time key (saving the same edit twice changes
    nothing)."""

    submission_key = None


def collection_initial(collection, *, team_slug: str) -> dict:
    """A `CollectionForm`'s initial values from `selectors.collection_get`'s collection:
    its content one item a line, as the item's page path and its title."""
    paths = {"question": question_path, "article": article_path}
    lines = [
        f"{paths[entry.type](team_slug, entry.id)}  {entry.title}"
        for entry in collection.content_entries
    ]
    groups = [group.id for group in collection.editor_user_groups]
    return {
        "title": collection.title,
        "description": collection.description,
        "content": "\n".join(lines),
        "editor_users": [user.pk for user in collection.editor_members],
        "editor_groups": groups,
    }

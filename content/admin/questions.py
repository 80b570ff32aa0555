"""Staff views of questions: look up, search, filter, edit and delete.

Staff do not ask questions here (members do, in the product): there is no "add". An edit
goes through `question_update` and a deletion (the delete page and the bulk action alike)
through `question_delete`, both with `by_staff=True`, so tag post counts, the team's
question count, reputation and the search document stay what the API reports. Counters
are shown, never edited; the rendered body and the search document are never shown.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from ..models import (
    BODY_MAX_LENGTH,
    TAG_NAME_MAX_LENGTH,
    TAG_NAME_MESSAGE,
    TAG_NAME_PATTERN,
    Answer,
    Question,
)
from ..services import question_delete, question_update, tag_names_clean
from .common import excerpt

_tag_name = RegexValidator(TAG_NAME_PATTERN, TAG_NAME_MESSAGE)

# What staff see of a question besides what they may edit (title, body, tags).
_QUESTION_READONLY = (
    "team",
    "owner",
    "created_at",
    "last_editor",
    "last_edited_at",
    "last_activity_at",
    "score",
    "answer_count",
    "comment_count",
    "view_count",
    "is_answered",
    "accepted_answer",
)


class QuestionAdminForm(forms.ModelForm):
    """Title, Markdown body and tag names (space- or comma-separated) of a question."""

    body_markdown = forms.CharField(
        label="Body (Markdown)", widget=forms.Textarea, max_length=BODY_MAX_LENGTH
    )
    # Not named `tags`: a form field of that name would be written to the M2M by
    # `save_m2m()`, behind the service's back (tag post counts).
    tag_names = forms.CharField(
        label="Tags", help_text="1 to 5 tag names, separated by spaces or commas."
    )

    class Meta:
        model = Question
        fields = ("title", "body_markdown")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["tag_names"] = " ".join(
                self.instance.tags.order_by("name").values_list("name", flat=True)
            )

    def clean_tag_names(self) -> list[str]:
        names = self.cleaned_data["tag_names"].replace(",", " ").split()
        for name in names:
            if len(name) > TAG_NAME_MAX_LENGTH:
                raise ValidationError(TAG_NAME_MESSAGE)
            _tag_name(name)
        try:
            return tag_names_clean(names=names)
        except ValidationError as error:
            raise ValidationError(error.message_dict["tags"]) from error


class AnswerInline(admin.TabularInline):
    """The question's answers, read-only, each linking to its own admin page."""

    model = Answer
    fk_name = "question"
    fields = ("id", "owner", "score", "created_at", "excerpt")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ("-score", "id")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("owner")

    @admin.display(description="answer")
    def excerpt(self, answer: Answer) -> str:
        return excerpt(answer.body_markdown)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class AcceptedAnswerListFilter(admin.SimpleListFilter):
    title = "has accepted answer"
    parameter_name = "accepted"

    def lookups(self, request, model_admin):
        return (("yes", "Yes"), ("no", "No"))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(accepted_answer__isnull=False)
        if self.value() == "no":
            return queryset.filter(accepted_answer__isnull=True)
        return queryset


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionAdminForm
    list_display = (
        "id",
        "title",
        "team",
        "owner",
        "score",
        "answer_count",
        "is_answered",
        "created_at",
        "last_activity_at",
    )
    list_display_links = ("id", "title")
    list_filter = (
        "team",
        "team__plan",
        "is_answered",
        AcceptedAnswerListFilter,
        "created_at",
    )
    search_fields = ("title", "owner__username", "owner__email", "team__slug")
    # One query for the page whatever its size (the team and owner come with each row).
    list_select_related = ("team", "owner")
    date_hierarchy = "created_at"
    ordering = ("-id",)
    # A COUNT(*) of every question in every team is a full scan on a big table; the
    # filtered count is enough.
    show_full_result_count = False
    fields = ("title", "body_markdown", "tag_names", *_QUESTION_READONLY)
    readonly_fields = _QUESTION_READONLY
    inlines = (AnswerInline,)

    def has_add_permission(self, request) -> bool:
        return False  # questions are asked by members, not by staff

    def save_model(self, request, obj, form, change):
        question_update(
            question=obj,
            user=request.user,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body_markdown"],
            tags=form.cleaned_data["tag_names"],
            by_staff=True,
        )

    def delete_model(self, request, obj):
        question_delete(question=obj, user=request.user, by_staff=True)

    def delete_queryset(self, request, queryset):
        for question in queryset.select_related("team"):
            question_delete(question=question, user=request.user, by_staff=True)

"""Staff views of answers: look up, search, filter, edit the body and delete.

No "add" (members answer, staff do not). An edit goes through `answer_update`, a deletion
(delete page and bulk action) through `answer_delete`, both with `by_staff=True`, so the
question's answer count, accepted answer, "is answered" and the owners' reputation stay
exact.
"""

from django import forms
from django.contrib import admin
from django.db.models import BooleanField, Case, F, Value, When

from ..models import BODY_MAX_LENGTH, Answer
from ..services import answer_delete, answer_update

_ANSWER_READONLY = (
    "question",
    "owner",
    "created_at",
    "last_editor",
    "last_edited_at",
    "last_activity_at",
    "score",
    "comment_count",
)


class AnswerAdminForm(forms.ModelForm):
    body_markdown = forms.CharField(
        label="Body (Markdown)", widget=forms.Textarea, max_length=BODY_MAX_LENGTH
    )

    class Meta:
        model = Answer
        fields = ("body_markdown",)


class AcceptedListFilter(admin.SimpleListFilter):
    title = "accepted"
    parameter_name = "accepted"

    def lookups(self, request, model_admin):
        return (("yes", "Yes"), ("no", "No"))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(question__accepted_answer=F("pk"))
        if self.value() == "no":
            return queryset.exclude(question__accepted_answer=F("pk"))
        return queryset


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    form = AnswerAdminForm
    list_display = (
        "id",
        "question_title",
        "team",
        "owner",
        "score",
        "is_accepted",
        "created_at",
    )
    list_filter = ("question__team", "question__team__plan", AcceptedListFilter, "created_at")
    search_fields = (
        "body_markdown",
        "question__title",
        "owner__username",
        "owner__email",
        "question__team__slug",
    )
    list_select_related = ("question__team", "owner")
    date_hierarchy = "created_at"
    ordering = ("-id",)
    show_full_result_count = False
    fields = ("body_markdown", *_ANSWER_READONLY)
    readonly_fields = _ANSWER_READONLY

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                _is_accepted=Case(
                    When(question__accepted_answer=F("pk"), then=Value(True)),
                    default=Value(False),
                    output_field=BooleanField(),
                )
            )
        )

    @admin.display(description="question", ordering="question__title")
    def question_title(self, answer: Answer) -> str:
        return answer.question.title

    @admin.display(description="team", ordering="question__team__name")
    def team(self, answer: Answer):
        return answer.question.team

    @admin.display(description="accepted", boolean=True, ordering="_is_accepted")
    def is_accepted(self, answer: Answer) -> bool:
        return answer._is_accepted

    def has_add_permission(self, request) -> bool:
        return False  # questions are answered by members, not by staff

    def save_model(self, request, obj, form, change):
        answer_update(
            answer=obj, user=request.user, body=form.cleaned_data["body_markdown"], by_staff=True
        )

    def delete_model(self, request, obj):
        answer_delete(answer=obj, user=request.user, by_staff=True)

    def delete_queryset(self, request, queryset):
        for answer in queryset.select_related("question__team"):
            answer_delete(answer=answer, user=request.user, by_staff=True)

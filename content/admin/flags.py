"""Moderation of flags: team admins (who are staff) see their teams' flags, superusers all.

Open flags come first, with a link to the flagged post, the option, the flagger, the team
and the date; filters by status, option and team. Handling is by actions only, each
through the flag services (`flag_mark_helpful`, `flag_dismiss`) or the post's delete
service, so the rules (who may handle, who may delete; counters and reputation when a
post goes) are the API's. Flags cannot be added or edited here.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When

from teams.models import Membership

from .. import services
from ..flag_options import FLAG_OPTION_TITLES
from ..models import Flag, Question

_FIELDS = (
    "team",
    "post",
    "option",
    "comment",
    "related_question",
    "flagger",
    "status",
    "created_at",
    "handled_by",
    "handled_at",
)


class OptionListFilter(admin.SimpleListFilter):
    title = "option"
    parameter_name = "option"

    def lookups(self, request, model_admin):
        return sorted(FLAG_OPTION_TITLES.items())

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(option_id=self.value())
        return queryset


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ("post", "option", "flagger", "team", "status", "created_at")
    list_filter = ("status", OptionListFilter, "team")
    list_select_related = ("team", "flagger", "question", "answer")
    search_fields = ("comment", "question__title", "flagger__username")
    date_hierarchy = "created_at"
    fields = _FIELDS
    readonly_fields = _FIELDS
    actions = ("mark_helpful", "dismiss", "delete_flagged_posts")

    def get_queryset(self, request):
        flags = super().get_queryset(request)
        if not request.user.is_superuser:
            admin_of = Membership.objects.filter(
                user=request.user, role=Membership.Role.ADMIN
            ).values("team_id")
            flags = flags.filter(team_id__in=admin_of)
        open_first = Case(
            When(status=Flag.Status.OPEN, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        return flags.order_by(open_first, "-created_at")

    @admin.display(description="post")
    def post(self, flag: Flag) -> str:
        if flag.answer_id:
            return f"Answer {flag.answer_id} to “{flag.question.title}”"
        return f"Question “{flag.question.title}”"

    @admin.display(description="option", ordering="option_id")
    def option(self, flag: Flag) -> str:
        return FLAG_OPTION_TITLES.get(flag.option_id, str(flag.option_id))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)  # actions, not edits

    def has_delete_permission(self, request, obj=None):
        return False  # a flag is handled, never erased

    def _handle(self, request, queryset, service, done: str) -> None:
        handled = 0
        for flag in queryset.filter(status=Flag.Status.OPEN).select_related("team"):
            try:
                service(flag=flag, user=request.user)
                handled += 1
            except PermissionDenied as exc:
                self.message_user(request, f"Flag {flag.pk}: {exc}", messages.ERROR)
        self.message_user(request, f"{done} {handled} flag{'s' if handled != 1 else ''}.")

    @admin.action(description="Mark selected flags helpful")
    def mark_helpful(self, request, queryset):
        self._handle(request, queryset, services.flag_mark_helpful, "Marked helpful")

    @admin.action(description="Dismiss selected flags")
    def dismiss(self, request, queryset):
        self._handle(request, queryset, services.flag_dismiss, "Dismissed")

    @admin.action(description="Delete the flagged posts (and their flags)")
    def delete_flagged_posts(self, request, queryset):
        flags = list(queryset.select_related("answer"))
        question_ids = {flag.question_id for flag in flags if flag.answer_id is None}
        # An answer goes on its own only when its question is not going too.
        answers = {
            flag.answer_id: flag.answer
            for flag in flags
            if flag.answer_id is not None and flag.question_id not in question_ids
        }
        deleted = 0
        for answer in answers.values():
            deleted += self._delete(request, services.answer_delete, answer=answer)
        for question in Question.objects.filter(pk__in=question_ids).select_related("team"):
            deleted += self._delete(request, services.question_delete, question=question)
        self.message_user(request, f"Deleted {deleted} post{'s' if deleted != 1 else ''}.")

    def _delete(self, request, service, **post) -> int:
        try:
            service(user=request.user, **post)
        except PermissionDenied as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return 0
        return 1

"""Admin of user groups: look them up by name or team, change them through the services
(members must be members of the group's team; names are unique in a team)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count

from .. import services
from ..models import UserGroup
from ..services.groups import group_name_clean, team_member_ids


class UserGroupForm(forms.ModelForm):
    class Meta:
        model = UserGroup
        fields = ("team", "name", "description", "members")

    def clean(self):
        cleaned = super().clean()
        team = cleaned.get("team") or getattr(self.instance, "team", None)
        if team is None:
            return cleaned
        members, name = cleaned.get("members") or [], cleaned.get("name")
        try:
            if name is not None:
                group_name_clean(team=team, name=name, exclude_pk=self.instance.pk)
            team_member_ids(team=team, user_ids=[u.pk for u in members], field="members")
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


@admin.register(UserGroup)
class UserGroupAdmin(admin.ModelAdmin):
    form = UserGroupForm
    list_display = ("name", "team", "member_count", "created_at")
    list_filter = ("team",)
    search_fields = ("name", "description", "team__name", "team__slug")
    list_select_related = ("team",)
    autocomplete_fields = ("team", "members")
    readonly_fields = ("created_at",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_member_count=Count("members"))

    @admin.display(description="Members", ordering="_member_count")
    def member_count(self, obj):
        return obj._member_count

    def get_readonly_fields(self, request, obj=None):
        # A group stays in its team: its members and grants belong to that team.
        return (*self.readonly_fields, "team") if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        user_ids = [user.pk for user in form.cleaned_data.get("members", [])]
        if change:
            services.user_group_update(
                group=obj,
                user=None,
                name=obj.name,
                description=obj.description,
                user_ids=user_ids,
            )
        else:
            group = services.user_group_create(
                team=obj.team,
                user=None,
                name=obj.name,
                description=obj.description,
                user_ids=user_ids,
            )
            obj.pk, obj.created_at = group.pk, group.created_at

    def save_related(self, request, form, formsets, change):
        """Members were set by the service in `save_model`."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        services.user_group_delete(group=obj, user=None)

    def delete_queryset(self, request, queryset):
        for group in queryset:
            services.user_group_delete(group=group, user=None)

"""Admin of collections: look them up by title, team or owner; change their title,
description, owner and editors through the services. Their content (in order) is shown
read-only; it is edited through the API."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models import Count

from .. import services
from ..models import Collection, CollectionItem
from ..services.groups import team_member_ids


class CollectionItemInline(admin.TabularInline):
    model = CollectionItem
    extra = 0
    fields = ("position", "question", "article")
    readonly_fields = fields
    ordering = ("position",)
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class CollectionForm(forms.ModelForm):
    class Meta:
        model = Collection
        fields = ("team", "title", "description", "owner", "editor_users", "editor_groups")

    def clean(self):
        cleaned = super().clean()
        team = cleaned.get("team") or getattr(self.instance, "team", None)
        if team is None:
            return cleaned
        people = [cleaned["owner"]] if cleaned.get("owner") else []
        people += list(cleaned.get("editor_users") or [])
        try:
            team_member_ids(team=team, user_ids=[u.pk for u in people], field="editor_users")
        except ValidationError as error:
            self.add_error(None, error)
        if any(group.team_id != team.pk for group in cleaned.get("editor_groups") or []):
            self.add_error("editor_groups", "Choose user groups of the collection's team.")
        return cleaned


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    form = CollectionForm
    list_display = ("title", "team", "owner", "item_count", "created_at", "last_edited_at")
    list_filter = ("team",)
    search_fields = ("title", "description", "team__name", "team__slug", "owner__username")
    list_select_related = ("team", "owner")
    autocomplete_fields = ("team", "owner", "editor_users", "editor_groups")
    readonly_fields = ("created_at", "last_edited_at")
    inlines = (CollectionItemInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_item_count=Count("items"))

    @admin.display(description="Items", ordering="_item_count")
    def item_count(self, obj):
        return obj._item_count

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "team") if obj is not None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        editors = [user.pk for user in data.get("editor_users", [])]
        groups = [group.pk for group in data.get("editor_groups", [])]
        if change:
            services.collection_update(
                collection=obj,
                user=None,
                owner_id=obj.owner_id,
                title=obj.title,
                description=obj.description,
                editor_user_ids=editors,
                editor_group_ids=groups,
            )
        else:
            collection = services.collection_create(
                team=obj.team,
                user=obj.owner,
                title=obj.title,
                description=obj.description,
                editor_user_ids=editors,
                editor_group_ids=groups,
            )
            obj.pk = collection.pk
            obj.created_at, obj.last_edited_at = collection.created_at, collection.last_edited_at

    def save_related(self, request, form, formsets, change):
        """Editors were set by the service in `save_model`; the items inline is read-only
        (saving it changes nothing)."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request, obj):
        services.collection_delete(collection=obj, user=None)

    def delete_queryset(self, request, queryset):
        for collection in queryset:
            services.collection_delete(collection=collection, user=None)

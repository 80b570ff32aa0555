"""Admin of tags: their counts, subject matter experts and watchers (read-only here: the
API manages them), and their synonyms (managed by staff, through the services)."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.html import format_html_join

from .. import selectors, services
from ..models import Tag, TagSynonym


def _names(items) -> str:
    return format_html_join(", ", "{}", ((str(item),) for item in items)) or "—"


class TagSynonymInline(admin.TabularInline):
    model = TagSynonym
    fields = ("name", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # added on the synonym page, through the services


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """Tags are made by the questions that carry them: no add, and nothing to edit here."""

    list_display = ("name", "team", "post_count", "watcher_count", "sme_count", "created_at")
    list_filter = ("team",)
    search_fields = ("name", "description")
    list_select_related = ("team",)
    fields = (
        "name",
        "team",
        "description",
        "post_count",
        "created_at",
        "sme_count",
        "sme_user_names",
        "sme_group_names",
        "watcher_count",
        "watcher_names",
    )
    readonly_fields = fields
    inlines = (TagSynonymInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(**selectors.tag_annotations())

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="SMEs (distinct users)", ordering="sme_count")
    def sme_count(self, tag):
        return tag.sme_count

    @admin.display(description="Watchers", ordering="watcher_count")
    def watcher_count(self, tag):
        return tag.watcher_count

    @admin.display(description="SME users")
    def sme_user_names(self, tag):
        return _names(tag.sme_users.order_by("username"))

    @admin.display(description="SME user groups")
    def sme_group_names(self, tag):
        return _names(tag.sme_groups.order_by("name"))

    @admin.display(description="Watched by")
    def watcher_names(self, tag):
        return _names(tag.watchers.order_by("username"))


class TagSynonymForm(forms.ModelForm):
    class Meta:
        model = TagSynonym
        fields = ("tag", "name")

    def clean(self):
        data = super().clean()
        tag, name = data.get("tag"), data.get("name")
        if tag is not None and name:
            try:
                data["name"] = services.tag_synonym_check(tag=tag, name=name)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        self.add_error(field, error)
        return data


@admin.register(TagSynonym)
class TagSynonymAdmin(admin.ModelAdmin):
    """Another name of a tag: a question posted with it gets the tag."""

    form = TagSynonymForm
    list_display = ("name", "tag", "team", "created_at")
    list_filter = ("team",)
    search_fields = ("name", "tag__name")
    list_select_related = ("tag", "team")
    autocomplete_fields = ("tag",)

    def get_readonly_fields(self, request, obj=None):
        return ("tag", "name", "team", "created_at") if obj is not None else ()

    def save_model(self, request, obj, form, change):
        if not change:
            created = services.tag_synonym_create(tag=obj.tag, name=obj.name)
            obj.pk, obj.team_id, obj.created_at = created.pk, created.team_id, created.created_at

    def delete_model(self, request, obj):
        services.tag_synonym_delete(synonym=obj)

    def delete_queryset(self, request, queryset):
        for synonym in queryset:
            services.tag_synonym_delete(synonym=synonym)

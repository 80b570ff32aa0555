"""Staff views of API applications and their audit trail.

Staff see every team's applications, can turn an application's key off (or on) and edit its
description, and delete an application (its tokens stop at once); each change leaves an audit
line. Staff never see a secret, a key or a digest, and register nothing for a team: team
admins do that on their page. The toolkit's own admin pages (applications, tokens, grants)
stay available; its tokens show no code, only digests are stored.
"""

from django.contrib import admin

from tokens.addresses import client_address

from .models import ApiApplication, ApiApplicationEvent
from .services import api_application_delete


@admin.register(ApiApplication)
class ApiApplicationAdmin(admin.ModelAdmin):
    list_display = ("name", "team", "client_id", "client_type", "key_allowed", "created_at")
    list_filter = ("key_allowed", "team__plan")
    list_select_related = ("application", "team")
    search_fields = ("application__name", "team__name", "team__slug")
    fields = ("name", "team", "client_id", "client_type", "description", "key_allowed")
    readonly_fields = ("name", "team", "client_id", "client_type")
    actions = None

    @admin.display(ordering="application__name")
    def name(self, obj):
        return obj.application.name

    @admin.display(description="client id")
    def client_id(self, obj):
        return obj.application.client_id

    @admin.display(description="client type")
    def client_type(self, obj):
        return obj.application.get_client_type_display()

    def has_add_permission(self, request) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        ApiApplicationEvent.objects.create(
            application_id=obj.application_id,
            name=obj.application.name,
            team=obj.team,
            action=ApiApplicationEvent.Action.UPDATED,
            actor=request.user,
            ip=client_address(request),
        )

    def delete_model(self, request, obj):
        api_application_delete(
            api_application=obj, actor=request.user, ip=client_address(request), by_staff=True
        )


@admin.register(ApiApplicationEvent)
class ApiApplicationEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "name", "team", "actor", "ip")
    list_filter = ("action",)
    search_fields = ("name",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

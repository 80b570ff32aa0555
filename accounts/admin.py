from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .admin_filters import ListFilterLookupsOnlyMixin
from .models import User


@admin.register(User)
class UserAdmin(ListFilterLookupsOnlyMixin, DjangoUserAdmin):
    """Filters by its list filters only: no lookup on `password` can probe a hash."""

    list_display = ("username", "email", "display_name", "is_active", "is_staff", "date_joined")
    list_filter = ("is_active", "is_staff", "is_superuser")
    search_fields = (
        "username",
        "email",
        "display_name",
        "first_name",
        "last_name",
        "external_id",
    )
    ordering = ("username",)
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Profile", {"fields": ("display_name", "job_title", "department")}),
        ("API tokens", {"fields": ("token_address_alerts",)}),
        # Set by staff only (what SCIM/SAML provisioning sets on Stack Internal); unique.
        ("Identity provider", {"fields": ("external_id",)}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "email", "password1", "password2")}),
    )

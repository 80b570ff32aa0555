"""Admin of images: look them up (thumbnail, team, owner, size, type, date), filter by team
and type, search by owner, delete them. Uploads come through the API only; deleting goes
through `services.image_delete`, which removes the stored file with the row."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from .. import services
from ..models import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ("thumbnail", "public_id", "team", "owner", "content_type", "size", "created_at")
    list_filter = ("team", "content_type")
    search_fields = ("owner__username", "owner__email", "owner__display_name")
    list_select_related = ("team", "owner")
    date_hierarchy = "created_at"
    fields = (
        "preview", "public_id", "team", "owner", "content_type", "width", "height", "size",
        "stored_as", "created_at",
    )  # fmt: skip
    readonly_fields = fields

    @admin.display(description="Image")
    def thumbnail(self, image: Image):
        # Through the members' browser route: shown to staff who are members of the team.
        return format_html(
            '<img src="{}" alt="" loading="lazy" style="max-width:96px;max-height:48px">',
            _browser_url(image),
        )

    @admin.display(description="Preview")
    def preview(self, image: Image):
        return format_html(
            '<a href="{0}"><img src="{0}" alt="" style="max-width:480px;max-height:320px"></a>',
            _browser_url(image),
        )

    @admin.display(description="Stored as")
    def stored_as(self, image: Image) -> str:
        return image.file.name  # a storage name, not a URL: files are served by the views

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def delete_model(self, request, obj: Image) -> None:
        services.image_delete(image=obj)

    def delete_queryset(self, request, queryset) -> None:
        for image in queryset:
            services.image_delete(image=image)


def _browser_url(image: Image) -> str:
    return reverse("team-image", kwargs={"team": image.team.slug, "image_id": image.public_id})

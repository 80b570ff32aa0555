"""Serializers of API v3 images: the official multipart request and `ImageResponseModel`."""

from django.urls import reverse
from rest_framework import serializers

from .common import absolute_url


class ImageUploadSerializer(serializers.Serializer):
    """The official multipart body: one `file` field (described here; the service checks
    it, so every refusal has its own message)."""

    file = serializers.FileField(help_text="PNG, JPEG, GIF or WebP; at most 2 MiB by default.")


class ImageResponseModelSerializer(serializers.Serializer):
    """The official `ImageResponseModel`."""

    id = serializers.SerializerMethodField(help_text="Id. The image GUID Id.")
    url = serializers.SerializerMethodField(help_text="Url. The URL to the image.")

    def get_id(self, image) -> str:
        return str(image.public_id)

    def get_url(self, image) -> str:
        path = reverse(
            "api:image-detail", kwargs={"team": image.team.slug, "imageId": str(image.public_id)}
        )
        return absolute_url(self.context.get("request"), path)

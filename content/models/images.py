"""Images: files a team's members upload to show in their posts (`POST /images/upload`).

The bytes live in Django's default storage (a local media folder, or an S3-compatible
bucket through django-storages, see docs/IMAGES.md); the row keeps what was learnt when
Pillow checked them, so serving an image never opens it again.
"""

import uuid

from django.conf import settings
from django.db import models

from teams.models import Team


def image_upload_to(image: "Image", filename: str) -> str:
    """`images/<team id>/<public id>.<ext>`: the client's file name is never used."""
    extension = filename.rsplit(".", 1)[-1]
    return f"images/{image.team_id}/{image.public_id}.{extension}"


class Image(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="images")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="images"
    )
    # The official `ImageResponseModel.id` is "the image GUID Id": random, so unguessable.
    public_id = models.UUIDField(default=uuid.uuid4, editable=False)
    file = models.FileField(upload_to=image_upload_to, max_length=200)
    content_type = models.CharField(max_length=30)  # from the format Pillow detected
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()  # bytes
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # Also the index of every lookup (`team` + the id from the URL).
            models.UniqueConstraint(
                fields=["team", "public_id"], name="content_image_team_public_id_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.public_id} ({self.content_type}, {self.width}x{self.height})"

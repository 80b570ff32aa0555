"""Routes of the content's web face."""

from django.urls import path

from . import images

urlpatterns = [
    path("teams/<slug:team>/images/<str:image_id>", images.image, name="team-image"),
]

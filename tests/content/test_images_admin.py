"""Admin of images: list, filter, search, and deletion through the service (file too)."""

from http import HTTPStatus

import pytest
from django.urls import reverse

from content.models import Image
from tests.content.test_images_api import _stored_image, stored_files
from tests.factories import MembershipFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_changelist_shows_thumbnail_filters_and_search(admin_client, team):
    owner = MembershipFactory(team=team, user=UserFactory(username="pictureowner")).user
    mine = _stored_image(team=team, owner=owner)
    other = _stored_image(team=TeamFactory(), format="GIF")
    url = reverse("admin:content_image_changelist")

    response = admin_client.get(url)
    assert response.status_code == HTTPStatus.OK
    thumbnail = reverse("team-image", kwargs={"team": team.slug, "image_id": mine.public_id})
    assert thumbnail.encode() in response.content

    response = admin_client.get(url, {"content_type": "image/gif"})
    assert str(other.public_id).encode() in response.content
    assert str(mine.public_id).encode() not in response.content

    response = admin_client.get(url, {"q": "pictureowner"})
    assert str(mine.public_id).encode() in response.content
    assert str(other.public_id).encode() not in response.content


def test_change_page_is_read_only_and_add_is_refused(admin_client, team):
    image = _stored_image(team=team)
    response = admin_client.get(reverse("admin:content_image_change", args=[image.pk]))
    assert response.status_code == HTTPStatus.OK
    assert b'name="content_type"' not in response.content  # shown, not editable
    add = admin_client.get(reverse("admin:content_image_add"))
    assert add.status_code == HTTPStatus.FORBIDDEN


def test_deleting_in_the_admin_removes_the_stored_files(admin_client, team, settings):
    one, two = _stored_image(team=team), _stored_image(team=team)
    admin_client.post(reverse("admin:content_image_delete", args=[one.pk]), {"post": "yes"})
    assert list(Image.objects.all()) == [two]
    assert len(stored_files(settings)) == 1

    response = admin_client.post(
        reverse("admin:content_image_changelist"),
        {"action": "delete_selected", "_selected_action": [two.pk], "post": "yes"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert not Image.objects.exists()
    assert stored_files(settings) == []

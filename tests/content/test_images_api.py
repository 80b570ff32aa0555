"""Images: `POST /images/upload` (checked by Pillow, stored through the default storage)
and `GET /images/{imageId}` (the bytes, for members of the image's team)."""

import io
import uuid
from http import HTTPStatus

import PIL.Image
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from content import services
from content.api_v3.images import BODY_TOO_LARGE_MESSAGE, TOO_MANY_PARTS_MESSAGE
from content.image_response import CACHE_CONTROL, CONTENT_SECURITY_POLICY
from content.models import Image
from content.services.images import (
    EMPTY_FILE_MESSAGE,
    NO_FILE_MESSAGE,
    NOT_AN_IMAGE_MESSAGE,
    TOO_LARGE_MESSAGE,
    TOO_MANY_PIXELS_MESSAGE,
    UNSUPPORTED_FORMAT_MESSAGE,
)
from teams.models import Team
from teams.plans import NO_WRITE_ACCESS_MESSAGE, Plan
from tests.factories import MembershipFactory, TeamFactory
from tokens.errors import READ_ONLY_TOKEN_MESSAGE

pytestmark = pytest.mark.django_db

DETAIL_BUDGET = 5
FORMATS = [
    ("PNG", "image/png", "a.png"),
    ("JPEG", "image/jpeg", "a.jpg"),
    ("GIF", "image/gif", "a.gif"),
    ("WEBP", "image/webp", "a.webp"),
]


def image_bytes(format: str, size=(12, 8), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    PIL.Image.new(mode, size, color=(200, 30, 90) if mode == "RGB" else 1).save(buffer, format)
    return buffer.getvalue()


def upload(client, data: bytes, *, name="picture.png", field="file", team=None, **extra):
    kwargs = {"team": team.slug} if team is not None else {}
    body = {field: SimpleUploadedFile(name, data, content_type="image/png"), **extra}
    return client.post(reverse("api:image-upload", kwargs=kwargs), body, format="multipart")


def stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def writer(pat_client, team):
    client, _ = pat_client(team=team, can_write=True)
    return client


def problem(response, status: int) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()["detail"]


# --- Upload -----------------------------------------------------------------------------


@pytest.mark.parametrize(("format", "content_type", "name"), FORMATS)
def test_upload_each_format_and_get_the_same_bytes(writer, team, format, content_type, name):
    data = image_bytes(format)
    response = upload(writer, data, name=name, team=team)

    assert response.status_code == HTTPStatus.OK, response.content  # the official status
    body = response.json()
    assert set(body) == {"id", "url"}  # ImageResponseModel, additionalProperties: false
    image_id = str(uuid.UUID(body["id"]))
    assert body["id"] == image_id
    assert body["url"] == (f"http://testserver/api/v3/teams/{team.slug}/images/{image_id}")
    image = Image.objects.get(public_id=image_id)
    assert (image.team, image.content_type, image.size) == (team, content_type, len(data))
    assert (image.width, image.height) == (12, 8)

    got = writer.get(body["url"])
    assert got.status_code == HTTPStatus.OK
    assert b"".join(got.streaming_content) == data
    assert got["Content-Type"] == content_type
    assert got["Content-Length"] == str(len(data))
    assert got["X-Content-Type-Options"] == "nosniff"
    assert got["Content-Disposition"].startswith("inline")
    assert got["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert got["Cache-Control"] == CACHE_CONTROL


def test_team_less_paths_use_the_token_team(writer, team):
    data = image_bytes("PNG")
    response = upload(writer, data)
    assert response.status_code == HTTPStatus.OK, response.content
    assert f"/api/v3/teams/{team.slug}/images/" in response.json()["url"]
    image_id = response.json()["id"]
    got = writer.get(reverse("api:image-detail", kwargs={"imageId": image_id}))
    assert b"".join(got.streaming_content) == data


def test_the_client_name_and_content_type_are_ignored(writer, team, settings):
    response = upload(writer, image_bytes("GIF"), name="photo.png", team=team)
    image = Image.objects.get(public_id=response.json()["id"])
    assert image.content_type == "image/gif"
    assert image.file.name == f"images/{team.pk}/{image.public_id}.gif"
    assert [p.name for p in stored_files(settings)] == [f"{image.public_id}.gif"]


def test_a_text_file_renamed_png_is_refused(writer, team, settings):
    response = upload(writer, b"just some text, not a picture\n" * 10, name="x.png", team=team)
    assert problem(response, 400) == f"file: {NOT_AN_IMAGE_MESSAGE}"
    assert response.json()["errors"] == {"file": [NOT_AN_IMAGE_MESSAGE]}
    assert not Image.objects.exists()
    assert stored_files(settings) == []


def test_a_truncated_png_is_refused(writer, team):
    data = image_bytes("PNG", size=(200, 200), mode="RGB")
    response = upload(writer, data[: len(data) // 2], team=team)
    assert problem(response, 400) == f"file: {NOT_AN_IMAGE_MESSAGE}"


def test_a_truncated_jpeg_is_refused(writer, team):
    buffer = io.BytesIO()
    PIL.Image.effect_noise((200, 200), 50).convert("RGB").save(buffer, "JPEG")
    response = upload(writer, buffer.getvalue()[:2000], name="x.jpg", team=team)
    assert problem(response, 400) == f"file: {NOT_AN_IMAGE_MESSAGE}"


@pytest.mark.parametrize("format", ["BMP", "TIFF"])
def test_other_image_formats_are_unsupported(writer, team, format):
    response = upload(writer, image_bytes(format), team=team)
    expected = UNSUPPORTED_FORMAT_MESSAGE.format(format=format)
    assert problem(response, 400) == f"file: {expected}"


def test_a_file_over_the_configured_limit_is_refused_naming_the_limit(writer, team, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1024
    data = image_bytes("PNG", size=(64, 64), mode="RGB") + b"\0" * 2048  # well over 1 KiB
    response = upload(writer, data, team=team)
    detail = problem(response, 400)
    assert detail == "file: " + TOO_LARGE_MESSAGE.format(limit="1 KiB (1,024 bytes)")
    assert stored_files(settings) == []


def test_the_default_limit_is_the_official_2_mib(settings):
    assert settings.IMAGE_UPLOAD_MAX_BYTES == 2 * 1024 * 1024


def test_a_body_far_over_the_limit_is_413_before_it_is_read(writer, team, settings):
    settings.IMAGE_UPLOAD_MAX_BYTES = 1024
    response = upload(writer, b"\0" * (100 * 1024), team=team)
    detail = problem(response, 413)
    assert detail == BODY_TOO_LARGE_MESSAGE.format(limit="1 KiB (1,024 bytes)")


def test_django_own_form_limits_are_problems_not_500(writer, team, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = upload(writer, image_bytes("PNG"), team=team, comment="x" * 1000)
    problem(response, 413)
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 2
    extra = {f"f{i}": "x" for i in range(5)}
    response = upload(writer, image_bytes("PNG"), team=team, **extra)
    assert problem(response, 400) == f"file: {TOO_MANY_PARTS_MESSAGE}"


def test_too_many_pixels_is_refused(writer, team, settings):
    settings.IMAGE_UPLOAD_MAX_PIXELS = 100
    response = upload(writer, image_bytes("PNG", size=(20, 20)), team=team)
    assert problem(response, 400) == "file: " + TOO_MANY_PIXELS_MESSAGE.format(limit=100)


def test_a_pillow_decompression_bomb_is_refused(writer, team, monkeypatch):
    monkeypatch.setattr(PIL.Image, "MAX_IMAGE_PIXELS", 50)  # Pillow's own guard fires first
    response = upload(writer, image_bytes("PNG", size=(20, 20)), team=team)
    assert problem(response, 400).startswith("file: The image has too many pixels")


def test_a_missing_file_field_is_refused(writer, team):
    response = upload(writer, image_bytes("PNG"), field="image", team=team)
    assert problem(response, 400) == f"file: {NO_FILE_MESSAGE}"


def test_an_empty_file_is_refused(writer, team):
    response = upload(writer, b"", team=team)
    assert problem(response, 400) == f"file: {EMPTY_FILE_MESSAGE}"


def test_a_json_body_is_unsupported_media_type(writer, team):
    url = reverse("api:image-upload", kwargs={"team": team.slug})
    response = writer.post(url, {"file": "x"}, format="json")
    problem(response, 415)


def test_a_read_only_token_may_not_upload(pat_client, team):
    client, _ = pat_client(team=team, can_write=False)
    response = upload(client, image_bytes("PNG"), team=team)
    assert problem(response, 403) == READ_ONLY_TOKEN_MESSAGE
    assert not Image.objects.exists()


def test_a_basic_plan_team_may_not_upload(writer, team):
    Team.objects.filter(pk=team.pk).update(plan=Plan.BASIC)
    response = upload(writer, image_bytes("PNG"), team=team)
    assert problem(response, 403) == NO_WRITE_ACCESS_MESSAGE


def test_a_basic_plan_team_may_still_read_its_images(pat_client, team):
    image = _stored_image(team=team)
    Team.objects.filter(pk=team.pk).update(plan=Plan.BASIC)
    client, _ = pat_client(team=team, can_write=False)
    response = client.get(_api_url(image, team))
    assert response.status_code == HTTPStatus.OK


# --- Get --------------------------------------------------------------------------------


def _stored_image(*, team, owner=None, format="PNG") -> Image:
    owner = owner or MembershipFactory(team=team).user
    data = image_bytes(format)
    return services.image_create(
        team=team, owner=owner, upload=SimpleUploadedFile("a", data, content_type="x/y")
    )


def _api_url(image, team) -> str:
    return reverse("api:image-detail", kwargs={"team": team.slug, "imageId": image.public_id})


def test_another_team_image_is_404(pat_client, team):
    other = _stored_image(team=TeamFactory())
    client, _ = pat_client(team=team)
    response = client.get(reverse("api:image-detail", kwargs={"imageId": other.public_id}))
    problem(response, 404)
    response = client.get(_api_url(other, team))
    problem(response, 404)


@pytest.mark.parametrize("image_id", [str(uuid.uuid4()), "not-a-uuid", "12345"])
def test_an_unknown_id_is_404(pat_client, team, image_id):
    _stored_image(team=team)
    client, _ = pat_client(team=team)
    url = reverse("api:image-detail", kwargs={"team": team.slug, "imageId": image_id})
    problem(client.get(url), 404)


def test_the_id_may_be_spelled_in_upper_case(pat_client, team):
    image = _stored_image(team=team)
    client, _ = pat_client(team=team)
    url = reverse(
        "api:image-detail", kwargs={"team": team.slug, "imageId": str(image.public_id).upper()}
    )
    assert client.get(url).status_code == HTTPStatus.OK


def test_an_image_client_accept_header_gets_the_image(pat_client, team):
    image = _stored_image(team=team, format="WEBP")
    client, _ = pat_client(team=team)
    response = client.get(_api_url(image, team), HTTP_ACCEPT="image/*")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "image/webp"


def test_a_missing_token_is_401(api_client, team):
    image = _stored_image(team=team)
    problem(api_client.get(_api_url(image, team)), 401)


def test_detail_query_budget(pat_client, team):
    image = _stored_image(team=team)
    client, _ = pat_client(team=team)
    client.get(_api_url(image, team))  # the token's last-used time is now fresh
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(_api_url(image, team))
        b"".join(response.streaming_content)
    assert response.status_code == HTTPStatus.OK
    assert len(ctx.captured_queries) <= DETAIL_BUDGET


def test_upload_query_budget(writer, team):
    with CaptureQueriesContext(connection) as ctx:
        response = upload(writer, image_bytes("PNG"), team=team)
    assert response.status_code == HTTPStatus.OK
    assert len(ctx.captured_queries) <= DETAIL_BUDGET


# --- Delete (the service the admin uses) -------------------------------------------------


def test_image_delete_removes_the_stored_file(team, settings):
    image = _stored_image(team=team)
    assert len(stored_files(settings)) == 1
    services.image_delete(image=image)
    assert not Image.objects.exists()
    assert stored_files(settings) == []


def test_an_image_whose_file_is_gone_is_a_404_not_a_500(pat_client, team, caplog):
    image = _stored_image(team=team)
    image.file.storage.delete(image.file.name)
    client, _ = pat_client(team=team)
    url = reverse("api:image-detail", kwargs={"team": team.slug, "imageId": image.public_id})
    problem(client.get(url), 404)
    assert "is missing from storage" in caplog.text

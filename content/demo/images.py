"""Demo images for `manage.py seed_demo`: one small generated PNG per demo team whose plan
has the API (not Free), uploaded through the service by the team's first demo member.

Idempotent: a team where that member already has an image is left alone.
"""

import io

import PIL.Image
import PIL.ImageDraw
from django.core.files.uploadedfile import SimpleUploadedFile

from teams.demo import DEMO_TEAMS, demo_members
from teams.models import Team

from .. import services

DEMO_IMAGE_NAME = "teamstack-demo.png"
DEMO_IMAGE_SIZE = (96, 64)


def demo_png() -> bytes:
    """A small bar chart: the same bytes on every run."""
    image = PIL.Image.new("RGB", DEMO_IMAGE_SIZE, (246, 246, 246))
    draw = PIL.ImageDraw.Draw(image)
    for i, height in enumerate((20, 36, 28, 50, 42)):
        left = 8 + i * 17
        draw.rectangle((left, 58 - height, left + 11, 58), fill=(244, 128, 36))
    draw.line((4, 59, 92, 59), fill=(60, 60, 60))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def seed(*, log) -> None:
    """Add the demo image missing from each API-enabled demo team."""
    for slug, _name, _plan in DEMO_TEAMS:
        team = Team.objects.filter(slug=slug).first()
        if team is None or not team.allows_api_access:
            continue
        members = demo_members(team)
        if not members or team.images.filter(owner=members[0]).exists():
            continue
        upload = SimpleUploadedFile(DEMO_IMAGE_NAME, demo_png(), content_type="image/png")
        image = services.image_create(team=team, owner=members[0], upload=upload)
        log(f"added image {image.public_id} to {slug}")

"""Reads of a team's images."""

import uuid

from django.http import Http404

from teams.models import Team

from ..models import Image


def _public_id(value: str) -> uuid.UUID:
    """The UUID in a URL (any spelling `uuid.UUID` reads), or 404."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


def image_get(*, team: Team, image_id: str) -> Image:
    """An image of `team` by its public id; 404 for another team's image or an unknown id."""
    image = team.images.filter(public_id=_public_id(image_id)).first()
    if image is None:
        raise Http404
    return image


def image_get_for_member(*, user, team_slug: str, image_id: str) -> Image:
    """An image of the team `team_slug`, for one of its members (one query).

    404 for anyone else, whether signed out, not a member, or asking for an unknown id: the
    answer never tells whether the team or the image exists.
    """
    if not user.is_authenticated:
        raise Http404
    image = Image.objects.filter(
        team__slug=team_slug, team__memberships__user=user, public_id=_public_id(image_id)
    ).first()
    if image is None:
        raise Http404
    return image

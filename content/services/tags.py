"""Writes of a team's tags."""

from django.core.exceptions import ValidationError

from teams.models import Team

from ..models import Tag

TAGS_REQUIRED_MESSAGE = "A question needs between 1 and 5 tags."
MAX_TAGS = 5


def tag_names_clean(*, names: list[str]) -> list[str]:
    """A question's tag names, lower-cased and de-duplicated; between 1 and `MAX_TAGS`."""
    unique = list(dict.fromkeys(name.strip().lower() for name in names if name.strip()))
    if not 1 <= len(unique) <= MAX_TAGS:
        raise ValidationError({"tags": [TAGS_REQUIRED_MESSAGE]})
    return unique


def tags_for(*, team: Team, names: list[str]) -> list[Tag]:
    """The team's tags of these names (lower-cased, de-duplicated), created when missing."""
    unique = tag_names_clean(names=names)
    existing = {tag.name: tag for tag in Tag.objects.filter(team=team, name__in=unique)}
    tags = []
    for name in unique:
        tag = existing.get(name)
        if tag is None:
            tag, _ = Tag.objects.get_or_create(team=team, name=name)
        tags.append(tag)
    return tags

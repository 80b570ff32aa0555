"""Reads of a team's tags."""

from django.shortcuts import get_object_or_404

from teams.models import Team

from ..models import Tag
from .common import check_id, ordered
from .pagination import Page, paginate

TAG_SORTS = {"name": "name", "postCount": "post_count", "creationDate": "created_at"}


def tag_list(
    *,
    team: Team,
    page: int,
    page_size: int,
    sort: str = "postCount",
    order: str = "desc",
    partial_name: str | None = None,
) -> Page:
    tags = team.tags.all()
    if partial_name:
        tags = tags.filter(name__icontains=partial_name)
    return paginate(
        ordered(tags, TAG_SORTS[sort], order),
        page=page,
        page_size=page_size,
        total_count=tags.count(),
    )


def tag_get(*, team: Team, tag_id: int) -> Tag:
    check_id(tag_id)
    return get_object_or_404(team.tags.all(), pk=tag_id)

"""Reads about teams and memberships."""

from django.db.models import QuerySet

from .models import Membership, Team


def team_list_for_user(*, user) -> QuerySet[Team]:
    """The teams a user belongs to, by name."""
    return Team.objects.filter(memberships__user=user).order_by("name")


def membership_get(*, user, team) -> Membership | None:
    return Membership.objects.filter(user=user, team=team).first()


def is_member(*, user, team) -> bool:
    return Membership.objects.filter(user=user, team=team).exists()


def membership_get_by_slug(*, user, team_slug: str) -> Membership | None:
    """The user's membership of the team with this slug, with the team (one query), or
    None when the team does not exist or the user is not in it: the web pages' gate, which
    answers both the same way (404), so a non-member learns nothing about a team."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Membership.objects.select_related("team").filter(user=user, team__slug=team_slug).first()

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

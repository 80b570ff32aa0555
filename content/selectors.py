"""Reads of a team's content and people. Every read starts from the team."""

from django.shortcuts import get_object_or_404

from teams.models import Membership, Team


def member_get(*, team: Team, user_id: int) -> Membership:
    """A team member (404 if the user is not in the team), with the user loaded."""
    return get_object_or_404(Membership.objects.select_related("user"), team=team, user_id=user_id)

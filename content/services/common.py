"""Rules shared by the services of every resource: who may change a post, reputation."""

from django.core.exceptions import PermissionDenied
from django.db.models import F, Value
from django.db.models.functions import Greatest

from teams.models import Membership, Team

EDIT_NOT_ALLOWED_MESSAGE = "Only the author of this post or a team admin may change it."
MIN_REPUTATION = 1


def is_team_admin(*, team: Team, user) -> bool:
    return Membership.objects.filter(team=team, user=user, role=Membership.Role.ADMIN).exists()


def check_may_edit(*, team: Team, user, owner_id: int | None, by_staff: bool = False) -> None:
    """Refuse unless `user` owns the post or is an admin of the team.

    `by_staff=True` is the Django admin's path: a staff member moderating any team's content
    (the admin has already checked their model permission). It is honoured only when the
    user really is active staff; anyone else still needs to be the owner or a team admin.
    """
    if owner_id is not None and owner_id == user.pk:
        return
    if by_staff and user.is_active and user.is_staff:
        return
    if is_team_admin(team=team, user=user):
        return
    raise PermissionDenied(EDIT_NOT_ALLOWED_MESSAGE)


def reputation_add(*, team: Team, user_id: int | None, delta: int) -> None:
    """Add to a member's reputation in the team, never letting it fall below 1."""
    if user_id is None or not delta:
        return
    Membership.objects.filter(team=team, user_id=user_id).update(
        reputation=Greatest(F("reputation") + delta, Value(MIN_REPUTATION))
    )

"""Rules shared by the services of every resource: who may change a post, reputation."""

from django.core.exceptions import PermissionDenied
from django.db.models import F, Value
from django.db.models.functions import Greatest

from teams.models import Membership, Team

from ..models import ReputationChange

EDIT_NOT_ALLOWED_MESSAGE = "Only the author of this post or a team admin may change it."
MIN_REPUTATION = 1


def is_team_admin(*, team: Team, user) -> bool:
    return Membership.objects.filter(team=team, user=user, role=Membership.Role.ADMIN).exists()


def may_edit(*, user, owner_id: int | None, team_admin: bool) -> bool:
    """The rule of who changes a post: its owner or an admin of its team. For a face that
    already knows whether the user is a team admin (a web page showing Edit links on fifty
    posts asks it once); `check_may_edit` is the check the writes run."""
    return (owner_id is not None and owner_id == user.pk) or team_admin


def check_may_edit(*, team: Team, user, owner_id: int | None, by_staff: bool = False) -> None:
    """Refuse unless `user` owns the post or is an admin of the team.

    `by_staff=True` is the Django admin's path: a staff member moderating any team's content
    (the admin has already checked their model permission). It is honoured only when the
    user really is active staff; anyone else still needs to be the owner or a team admin.
    """
    if may_edit(user=user, owner_id=owner_id, team_admin=False):
        return
    if by_staff and user.is_active and user.is_staff:
        return
    if may_edit(user=user, owner_id=owner_id, team_admin=is_team_admin(team=team, user=user)):
        return
    raise PermissionDenied(EDIT_NOT_ALLOWED_MESSAGE)


def reputation_add(
    *, team: Team, user_id: int | None, delta: int, reason: str, post_id: int | None = None
) -> None:
    """Add to a member's reputation in the team, never letting it fall below 1, and record
    the change in their history (`ReputationChange`, with `reason`, one of its `Reason`s,
    and the post it is about).

    The history records the nominal `delta`, as Stack does, even when the floor kept the
    reputation from moving all of it: the history says what happened, the counter what the
    member has. Callers applying several changes to one user apply gains before losses,
    which leaves the counter where applying their sum would.
    """
    if user_id is None or not delta:
        return
    updated = Membership.objects.filter(team=team, user_id=user_id).update(
        reputation=Greatest(F("reputation") + delta, Value(MIN_REPUTATION))
    )
    if updated:  # a former member (the post outlived the membership) has no history here
        ReputationChange.objects.create(
            team_id=team.pk, user_id=user_id, reason=reason, change=delta, post_id=post_id
        )

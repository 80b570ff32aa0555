"""Helpers of every resource's selectors: ids, ordering, a member's reputation and role."""

from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from teams.models import Membership, Team

from ..models import MAX_ID


def ordered(queryset: QuerySet, field: str, order: str) -> QuerySet:
    sign = "-" if order == "desc" else ""
    return queryset.order_by(f"{sign}{field}", f"{sign}id")


def check_id(value: int) -> int:
    if not 0 < value <= MAX_ID:
        raise Http404
    return value


def member_annotations(*, team: Team, prefix: str, user_field: str) -> dict:
    """The reputation and role in `team` of the user in `user_field`, as subqueries."""
    members = Membership.objects.filter(team_id=team.pk, user_id=OuterRef(user_field))
    return {
        f"{prefix}_reputation": Subquery(members.values("reputation")[:1]),
        f"{prefix}_role": Subquery(members.values("role")[:1]),
    }


@dataclass(frozen=True)
class Member:
    """A user as seen in one team (what a Membership gives, for annotated rows)."""

    user: object
    reputation: int
    role: str

    @property
    def user_id(self) -> int:
        return self.user.pk


def member_of(obj, user_attr: str, prefix: str) -> Member | None:
    user = getattr(obj, user_attr)
    if user is None:
        return None
    reputation = getattr(obj, f"{prefix}_reputation", None)
    role = getattr(obj, f"{prefix}_role", None) or Membership.Role.MEMBER
    return Member(user=user, reputation=reputation if reputation is not None else 1, role=role)

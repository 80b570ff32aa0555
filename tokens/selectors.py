"""Reads of personal access tokens."""

from django.db.models import Exists, OuterRef, QuerySet

from teams.models import Membership

from .models import PersonalAccessToken


def token_get_for_authentication(*, digest: str) -> PersonalAccessToken | None:
    """The token with this digest, its user and team, and whether the user is still a member.

    One indexed query (digest is unique). `is_member` is annotated on the token so that a
    removed membership refuses the token on the next request without a second query.
    """
    membership = Membership.objects.filter(user_id=OuterRef("user_id"), team_id=OuterRef("team_id"))
    return (
        PersonalAccessToken.objects.select_related("user", "team")
        .annotate(is_member=Exists(membership))
        .filter(digest=digest)
        .first()
    )


def token_list_for_user(*, user) -> QuerySet[PersonalAccessToken]:
    """A user's tokens, newest first, with their teams."""
    return PersonalAccessToken.objects.filter(user=user).select_related("team")

"""`User…` shapes of API v3."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...selectors import (
    USER_SORTS,
)
from .common import SortedListParams, UserSummarySerializer, paginated

EXTERNAL_ID_MAX_LENGTH = 255


class UserSerializer(UserSummarySerializer):
    """`UserResponseModel`: a team member as seen in that team. Takes a Membership with its
    user. `email` is the member's own, or any member's for a team admin (context
    `viewer_is_admin`), else null; blank profile fields are null."""

    email = serializers.SerializerMethodField()
    externalId = serializers.SerializerMethodField()
    department = serializers.SerializerMethodField()
    jobTitle = serializers.SerializerMethodField()

    def get_email(self, membership) -> str | None:
        """Only visible to team admins, or for the current user (as in the official API)."""
        viewer = getattr(self._request(), "user", None)
        viewer_is_admin = self.context.get("viewer_is_admin", False)
        if viewer is not None and (viewer.pk == membership.user_id or viewer_is_admin):
            return membership.user.email
        return None

    def get_externalId(self, membership) -> str | None:
        return membership.user.external_id or None

    def get_department(self, membership) -> str | None:
        return membership.user.department or None

    def get_jobTitle(self, membership) -> str | None:
        return membership.user.job_title or None


class CommunitySummarySerializer(serializers.Serializer):
    """`CommunitySummaryResponseModel` (Teamstack has no communities: always empty)."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    memberCount = serializers.IntegerField()


class UserDetailsSerializer(UserSerializer):
    """`UserDetailsResponseModel`: `UserResponseModel` and the user's communities (none)."""

    communities = serializers.SerializerMethodField()

    @extend_schema_field(CommunitySummarySerializer(many=True))
    def get_communities(self, membership) -> list:
        return []


class UserListParams(SortedListParams):
    SORTS = tuple(USER_SORTS)
    DEFAULT_SORT = "reputation"


class EmailPathParams(serializers.Serializer):
    """The `{email}` of `/users/by-email/{email}`: a malformed address is a 400, never a
    query (PostgreSQL refuses some bytes, such as NUL, outright)."""

    email = serializers.EmailField(max_length=254)


class ExternalIdPathParams(serializers.Serializer):
    """The `{externalId}` of `/users/by-external-id/{externalId}`."""

    externalId = serializers.RegexField(
        r"^[^\x00]+$", max_length=EXTERNAL_ID_MAX_LENGTH, source="external_id"
    )


PaginatedUsersSerializer = paginated("PaginatedUsers", UserSerializer, USER_SORTS)

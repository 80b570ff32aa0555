"""`User…` shapes of API v3."""

from rest_framework import serializers

from ...selectors import (
    USER_SORTS,
)
from .common import SortedListParams, UserSummarySerializer, paginated


class UserSerializer(UserSummarySerializer):
    """`UserResponseModel`: a team member as seen in that team. Takes a Membership."""

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
        return None

    def get_department(self, membership) -> str | None:
        return None

    def get_jobTitle(self, membership) -> str | None:
        return None


class UserListParams(SortedListParams):
    SORTS = tuple(USER_SORTS)
    DEFAULT_SORT = "reputation"


class EmailPathParams(serializers.Serializer):
    """The `{email}` of `/users/by-email/{email}`: a malformed address is a 400, never a
    query (PostgreSQL refuses some bytes, such as NUL, outright)."""

    email = serializers.EmailField(max_length=254)


PaginatedUsersSerializer = paginated("PaginatedUsers", UserSummarySerializer, USER_SORTS)

"""Serializers in the official Stack Internal API v3 shapes (camelCase field names)."""

from django.urls import reverse
from rest_framework import serializers

from teams.models import Membership

# Stack Internal's role names, as API v3 reports them.
ROLE_NAMES = {Membership.Role.MEMBER: "Registered", Membership.Role.ADMIN: "Admin"}


def absolute_url(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


class UserSerializer(serializers.Serializer):
    """`UserResponseModel`: a team member as seen in that team. Takes a Membership."""

    id = serializers.IntegerField(source="user.id")
    accountId = serializers.IntegerField(source="user.id")
    name = serializers.CharField(source="user.name")
    avatarUrl = serializers.SerializerMethodField()
    webUrl = serializers.SerializerMethodField()
    reputation = serializers.IntegerField()
    role = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()
    externalId = serializers.SerializerMethodField()
    department = serializers.SerializerMethodField()
    jobTitle = serializers.SerializerMethodField()

    def _request(self):
        return self.context.get("request")

    def get_avatarUrl(self, membership) -> str:
        return absolute_url(self._request(), reverse("user-avatar", args=[membership.user_id]))

    def get_webUrl(self, membership) -> str:
        return absolute_url(self._request(), reverse("user-profile", args=[membership.user_id]))

    def get_role(self, membership) -> str:
        return ROLE_NAMES.get(membership.role, "Registered")

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

"""API v3: the team's users."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework.response import Response

from .. import selectors
from ..selectors import member_get
from .base import ContentApi, ListApi, responses
from .serializers.users import (
    EmailPathParams,
    ExternalIdPathParams,
    PaginatedUsersSerializer,
    UserDetailsSerializer,
    UserListParams,
    UserSerializer,
)

BY_EMAIL_ADMIN_ONLY_MESSAGE = "Only a team admin may look up users by email address."
BY_EXTERNAL_ID_ADMIN_ONLY_MESSAGE = "Only a team admin may look up users by external id."


@extend_schema_view(
    get=extend_schema(
        summary="List the team's users",
        tags=["Users"],
        parameters=[UserListParams],
        responses=responses({200: PaginatedUsersSerializer}),
    )
)
class UserListApi(ListApi):
    """`GET /users`: items are `UserResponseModel`s (emails for team admins only)."""

    params_class = UserListParams
    item_serializer = UserSerializer
    selector = selectors.member_list

    def context(self, **extra) -> dict:
        request = self.request
        is_admin = selectors.member_is_admin(team=request.team, user=request.user)
        return super().context(viewer_is_admin=is_admin, **extra)


class _UserApi(ContentApi):
    def _render(self, membership, *, viewer_is_admin: bool | None = None) -> Response:
        request = self.request
        if viewer_is_admin is None:
            viewer_is_admin = membership.user_id != request.user.pk and selectors.member_is_admin(
                team=request.team, user=request.user
            )
        context = self.context(viewer_is_admin=viewer_is_admin)
        return Response(UserDetailsSerializer(membership, context=context).data)

    def _require_admin(self, message: str) -> None:
        """The official `RequireAdminRole`: checked before any lookup, so the answer to a
        non-admin never depends on what exists."""
        if not selectors.member_is_admin(team=self.request.team, user=self.request.user):
            raise exceptions.PermissionDenied(message)


class UserDetailApi(_UserApi):
    """`GET /users/{userId}`."""

    @extend_schema(
        summary="A user", tags=["Users"], responses=responses({200: UserDetailsSerializer})
    )
    def get(self, request, userId, team=None):
        return self._render(member_get(team=request.team, user_id=userId))


class UserByEmailApi(_UserApi):
    """`GET /users/by-email/{email}`: team admins only."""

    @extend_schema(
        summary="A user by email address",
        tags=["Users"],
        parameters=[OpenApiParameter("email", OpenApiTypes.STR, OpenApiParameter.PATH)],
        responses=responses({200: UserDetailsSerializer}),
    )
    def get(self, request, email, team=None):
        self._require_admin(BY_EMAIL_ADMIN_ONLY_MESSAGE)
        params = EmailPathParams(data={"email": email})
        params.is_valid(raise_exception=True)
        email = params.validated_data["email"]
        membership = selectors.member_get_by_email(team=request.team, email=email)
        return self._render(membership, viewer_is_admin=True)


class UserByExternalIdApi(_UserApi):
    """`GET /users/by-external-id/{externalId}`: team admins only. An array of
    `UserResponseModel` (as the official document gives it) of the one member with this
    external id; 404 if none."""

    @extend_schema(
        summary="A user by external id",
        tags=["Users"],
        parameters=[OpenApiParameter("externalId", OpenApiTypes.STR, OpenApiParameter.PATH)],
        responses=responses({200: UserSerializer(many=True)}),
    )
    def get(self, request, externalId, team=None):
        self._require_admin(BY_EXTERNAL_ID_ADMIN_ONLY_MESSAGE)
        params = ExternalIdPathParams(data={"externalId": externalId})
        params.is_valid(raise_exception=True)
        membership = selectors.member_get_by_external_id(
            team=request.team, external_id=params.validated_data["external_id"]
        )
        context = self.context(viewer_is_admin=True)
        return Response(UserSerializer([membership], many=True, context=context).data)


class UserMeApi(_UserApi):
    """`GET /users/me`: the calling user as a member of the team."""

    @extend_schema(
        summary="The current user",
        tags=["Users"],
        responses=responses({200: UserDetailsSerializer}),
    )
    def get(self, request, team=None):
        # Called by its own name: tests/tokens/test_reporting.py patches it in this module.
        return self._render(member_get(team=request.team, user_id=request.user.pk))

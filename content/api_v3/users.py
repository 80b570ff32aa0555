"""API v3: the team's users."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.response import Response

from .. import selectors
from ..selectors import member_get
from .base import ContentApi, ListApi, responses
from .serializers.users import (
    EmailPathParams,
    PaginatedUsersSerializer,
    UserListParams,
    UserSerializer,
    UserSummarySerializer,
)


@extend_schema_view(
    get=extend_schema(
        summary="List the team's users",
        tags=["Users"],
        parameters=[UserListParams],
        responses=responses({200: PaginatedUsersSerializer}),
    )
)
class UserListApi(ListApi):
    """`GET /users`."""

    params_class = UserListParams
    item_serializer = UserSummarySerializer
    selector = selectors.member_list


class _UserApi(ContentApi):
    def _render(self, membership) -> Response:
        request = self.request
        is_admin = membership.user_id != request.user.pk and selectors.member_is_admin(
            team=request.team, user=request.user
        )
        context = self.context(viewer_is_admin=is_admin)
        return Response(UserSerializer(membership, context=context).data)


class UserDetailApi(_UserApi):
    """`GET /users/{userId}`."""

    @extend_schema(summary="A user", tags=["Users"], responses=responses({200: UserSerializer}))
    def get(self, request, userId, team=None):
        return self._render(member_get(team=request.team, user_id=userId))


class UserByEmailApi(_UserApi):
    """`GET /users/by-email/{email}`."""

    @extend_schema(
        summary="A user by email address",
        tags=["Users"],
        parameters=[OpenApiParameter("email", OpenApiTypes.STR, OpenApiParameter.PATH)],
        responses=responses({200: UserSerializer}),
    )
    def get(self, request, email, team=None):
        params = EmailPathParams(data={"email": email})
        params.is_valid(raise_exception=True)
        email = params.validated_data["email"]
        return self._render(selectors.member_get_by_email(team=request.team, email=email))


class UserMeApi(_UserApi):
    """`GET /users/me`: the calling user as a member of the team."""

    @extend_schema(
        summary="The current user", tags=["Users"], responses=responses({200: UserSerializer})
    )
    def get(self, request, team=None):
        # Called by its own name: tests/tokens/test_reporting.py patches it in this module.
        return self._render(member_get(team=request.team, user_id=request.user.pk))

"""The Stack Internal API v3 for a team's content and people. Views stay thin."""

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from .selectors import member_get
from .serializers import UserSerializer


class UserMeApi(APIView):
    """`GET /users/me`: the calling user as a member of the team."""

    @extend_schema(responses=UserSerializer, summary="The current user", tags=["Users"])
    def get(self, request, team=None):
        membership = member_get(team=request.team, user_id=request.user.pk)
        return Response(UserSerializer(membership, context={"request": request}).data)

"""The token's own endpoint: `GET|DELETE /api/v3/me/token`."""

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import PersonalAccessToken
from .serializers import TokenSerializer
from .services import token_delete


class IsPersonalAccessToken(BasePermission):
    """The request was made with a valid personal access token (any team, any plan, any
    scope): a read-only token may still inspect and revoke itself."""

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, PersonalAccessToken)


class MeTokenApi(APIView):
    permission_classes = [IsPersonalAccessToken]

    @extend_schema(responses=TokenSerializer, summary="The token that made this request")
    def get(self, request):
        return Response(TokenSerializer(request.auth).data)

    @extend_schema(responses={204: None}, summary="Revoke the token that made this request")
    def delete(self, request):
        token_delete(token=request.auth, actor=request.user, ip=request.META.get("REMOTE_ADDR"))
        return Response(status=status.HTTP_204_NO_CONTENT)

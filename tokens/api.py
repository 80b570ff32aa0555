"""The token's own endpoint: `GET|DELETE /api/v3/me/token`."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from .errors import PROBLEM_CONTENT_TYPE
from .models import PersonalAccessToken
from .serializers import ProblemSerializer, TokenSerializer
from .services import token_delete


class IsPersonalAccessToken(BasePermission):
    """The request was made with a valid personal access token (any team, any plan, any
    scope): a read-only token may still inspect and revoke itself."""

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, PersonalAccessToken)


# A revoked, expired or unknown token (the second DELETE of a token is one): 401; a signed-in
# browser session without a token: 403.
_PROBLEMS = {
    (401, PROBLEM_CONTENT_TYPE): OpenApiResponse(
        ProblemSerializer, description="Missing, invalid or expired token"
    ),
    (403, PROBLEM_CONTENT_TYPE): OpenApiResponse(
        ProblemSerializer, description="Not a personal access token"
    ),
}


class MeTokenApi(APIView):
    permission_classes = [IsPersonalAccessToken]

    @extend_schema(
        responses={200: TokenSerializer, **_PROBLEMS}, summary="The token that made this request"
    )
    def get(self, request):
        return Response(TokenSerializer(request.auth).data)

    @extend_schema(
        responses={204: None, **_PROBLEMS}, summary="Revoke the token that made this request"
    )
    def delete(self, request):
        token_delete(token=request.auth, actor=request.user, ip=request.META.get("REMOTE_ADDR"))
        return Response(status=status.HTTP_204_NO_CONTENT)

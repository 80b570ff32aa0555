"""The token's own endpoints, `GET|DELETE /api/v3/me/token` and `POST /api/v3/me/token/rotate`,
and the leaked-code report, `POST /api/v3/credentials/revoke`."""

from django.conf import settings
from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, BasePermission
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from .addresses import client_address
from .errors import PROBLEM_CONTENT_TYPE, InsufficientScope
from .models import PersonalAccessToken
from .serializers import (
    CredentialRevokeSerializer,
    ProblemSerializer,
    RotatedTokenSerializer,
    TokenRotateSerializer,
    TokenSerializer,
)
from .services import token_delete, token_revoke_reported, token_rotate
from .throttling import PersonalAccessTokenRateThrottle, RateLimits, rate_limit_consume


class IsPersonalAccessToken(BasePermission):
    """The request was made with a valid personal access token (any team, any plan, any
    scope): a read-only token may still inspect, rotate and revoke itself."""

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
        token_delete(token=request.auth, actor=request.user, ip=client_address(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeTokenRotateApi(APIView):
    """A token replaces its own code, as GitLab's self-rotation: same description, team,
    scope and lifetime rule; the new code is in this response only. With `overlap` the
    current code keeps working until the window ends or the new code is first used."""

    permission_classes = [IsPersonalAccessToken]

    @extend_schema(
        request=TokenRotateSerializer,
        responses={
            200: RotatedTokenSerializer,
            (400, PROBLEM_CONTENT_TYPE): OpenApiResponse(
                ProblemSerializer, description="An unknown overlap"
            ),
            (401, PROBLEM_CONTENT_TYPE): _PROBLEMS[(401, PROBLEM_CONTENT_TYPE)],
            (403, PROBLEM_CONTENT_TYPE): OpenApiResponse(
                ProblemSerializer,
                description=(
                    "Not a personal access token, or its team's plan no longer allows it "
                    "(API access, or write access for a read/write token)"
                ),
            ),
        },
        summary="Rotate the token that made this request: a new code, the same token",
    )
    def post(self, request):
        params = TokenRotateSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        try:
            token, code = token_rotate(
                token=request.auth,
                overlap=params.validated_data["overlap"],
                ip=client_address(request),
            )
        except ValidationError as exc:
            if "overlap" in getattr(exc, "error_dict", {}):
                raise
            raise InsufficientScope(" ".join(exc.messages)) from None
        request.auth.expires_at = token.expires_at  # for the X-Token-Expires-At header
        token.token = code
        response = Response(RotatedTokenSerializer(token).data)
        response["Cache-Control"] = "no-store"
        return response


class CredentialRevocationThrottle(BaseThrottle):
    """`PAT_REVOCATION_CALLS_PER_HOUR` calls per hour per client address, counted like the
    API's own limits (Redis shared by every worker; this process's memory as the fallback)."""

    def allow_request(self, request, view) -> bool:
        calls = settings.PAT_REVOCATION_CALLS_PER_HOUR
        limits = RateLimits(
            burst_calls=calls,
            burst_ms=3_600_000,
            bucket_size=calls,
            refill_calls=calls,
            refill_ms=3_600_000,
        )
        timer = PersonalAccessTokenRateThrottle.timer
        self.state = rate_limit_consume(
            ident=f"credential-revoke:{client_address(request) or ''}",
            now=timer() if timer else None,
            limits=limits,
        )
        return self.state is None or self.state.allowed

    def wait(self) -> int | None:
        return None if self.state is None else self.state.retry_after


class CredentialRevokeAcceptedSerializer(serializers.Serializer):
    received = serializers.IntegerField(help_text="How many codes the request carried.")


class CredentialRevokeApi(APIView):
    """Revoke leaked token codes: anyone who finds a `tspat_` code (a secret scanner, say)
    may post it here, unauthenticated, as to GitHub's credential revocation API.

    Every well-formed request gets the same 202, whatever the codes: nothing tells a real
    code from a fake one (the lookup is one statement for all of them; the owners' e-mails
    go out in the background). Not behind the API's authentication: a session or a token
    on the request is ignored, and no CSRF token is needed.
    """

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [CredentialRevocationThrottle]

    @extend_schema(
        request=CredentialRevokeSerializer,
        responses={
            202: CredentialRevokeAcceptedSerializer,
            (400, PROBLEM_CONTENT_TYPE): OpenApiResponse(
                ProblemSerializer,
                description=("Not a JSON object with `credentials`: a list of 1 to 1,000 strings"),
            ),
            (429, PROBLEM_CONTENT_TYPE): OpenApiResponse(
                ProblemSerializer,
                description="Too many calls from this address (see `Retry-After`)",
            ),
        },
        auth=[],
        examples=[
            OpenApiExample(
                "A leaked code",
                value={"credentials": ["tspat_K5DCCu8WoTIrw6kaJ4pkOVGCSxjKilOb31YeQH"]},
                request_only=True,
            )
        ],
        summary="Revoke leaked token codes (no authentication)",
    )
    def post(self, request):
        params = CredentialRevokeSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        credentials = params.validated_data["credentials"]
        token_revoke_reported(
            codes_=credentials,
            ip=client_address(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
        return Response({"received": len(credentials)}, status=status.HTTP_202_ACCEPTED)

from rest_framework import serializers

from .models import PersonalAccessToken
from .services import MAX_REPORTED_CODES, ROTATION_OVERLAPS

STRING_MESSAGE = "Must be a string."


class ProblemSerializer(serializers.Serializer):
    """RFC 7807 problem details, as every API error is rendered (`errors.py`)."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Field errors of a 400, keyed by parameter or field name.",
    )


class TokenTeamSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


class TokenSerializer(serializers.ModelSerializer):
    """The token that made the request, as `GET /api/v3/me/token` shows it (never the code)."""

    team = TokenTeamSerializer()
    scopes = serializers.ListField(child=serializers.CharField())
    createdAt = serializers.DateTimeField(source="created_at")
    expiresAt = serializers.DateTimeField(source="expires_at", allow_null=True)
    lastUsedAt = serializers.DateTimeField(source="last_used_at", allow_null=True)
    previousCodeValidUntil = serializers.DateTimeField(
        source="previous_code_valid_until",
        allow_null=True,
        help_text=(
            "After a rotation with an overlap: until when the replaced code still works (it "
            "also stops at the new code's first use). Null when no replaced code works."
        ),
    )

    class Meta:
        model = PersonalAccessToken
        fields = [
            "id",
            "description",
            "team",
            "scopes",
            "createdAt",
            "expiresAt",
            "lastUsedAt",
            "previousCodeValidUntil",
        ]


class TokenRotateSerializer(serializers.Serializer):
    """`POST /api/v3/me/token/rotate`'s optional body."""

    overlap = serializers.ChoiceField(
        choices=list(ROTATION_OVERLAPS),
        default="none",
        help_text=(
            "How long the current code keeps working beside the new one: `none` (the "
            "default: it stops at once), `1h`, `1d` or `7d`. The overlap also ends at the new "
            "code's first use, and never outlasts the current code's own expiry."
        ),
    )


class RotatedTokenSerializer(TokenSerializer):
    """The rotated token with its new code: the only time the code is shown."""

    token = serializers.CharField(
        help_text="The new code. Shown in this response only: it is not stored anywhere."
    )

    class Meta(TokenSerializer.Meta):
        fields = ["token", *TokenSerializer.Meta.fields]


class StrictStringField(serializers.CharField):
    """A JSON string only (DRF's CharField would turn `5` or `true` into text)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError(STRING_MESSAGE, code="invalid")
        return super().to_internal_value(data)


class CredentialRevokeSerializer(serializers.Serializer):
    """`POST /api/v3/credentials/revoke`: the codes to revoke, as GitHub's credential
    revocation API takes them."""

    credentials = serializers.ListField(
        child=StrictStringField(max_length=200, allow_blank=True),
        min_length=1,
        max_length=MAX_REPORTED_CODES,
        help_text=(
            f"1 to {MAX_REPORTED_CODES:,} token codes (`tspat_…`) found where they should not "
            "be. Whether each one existed is never said."
        ),
    )

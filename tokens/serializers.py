from rest_framework import serializers

from .models import PersonalAccessToken


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

    class Meta:
        model = PersonalAccessToken
        fields = ["id", "description", "team", "scopes", "createdAt", "expiresAt", "lastUsedAt"]

"""Comment shapes of API v3."""

from rest_framework import serializers

from ...models import COMMENT_MAX_LENGTH
from .common import StrictCharField


class CommentSerializer(serializers.Serializer):
    """`CommentResponseModel` (exactly: the document allows no other field)."""

    id = serializers.IntegerField()
    score = serializers.IntegerField()
    body = serializers.CharField(source="body_html")
    ownerUserId = serializers.IntegerField(source="owner_id", allow_null=True)
    ownerDisplayName = serializers.SerializerMethodField()
    creationDate = serializers.DateTimeField(source="created_at")

    def get_ownerDisplayName(self, comment) -> str:
        return comment.owner.name if comment.owner is not None else ""


class CommentRequestSerializer(serializers.Serializer):
    """A new comment (our extension: the official API only reads comments)."""

    body = StrictCharField(max_length=COMMENT_MAX_LENGTH, multiline=True, help_text="Markdown.")

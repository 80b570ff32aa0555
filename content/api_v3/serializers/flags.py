"""`Flag…` shapes of API v3."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...flag_options import DIALOG_TITLES, FlagOption
from ...models import FLAG_COMMENT_MAX_LENGTH
from ...selectors import MAX_ID, FlagOptions
from .common import StrictCharField, StrictIntegerField

INT32_MAX = 2_147_483_647


def flag_option_data(option: FlagOption, *, options: FlagOptions) -> dict:
    """`FlagOptionResponseModel` of one option (and its sub-options)."""
    return {
        "optionId": option.option_id,
        "dialogTitle": DIALOG_TITLES[options.kind],
        "title": option.title,
        "description": option.description,
        "requiresComment": option.requires_comment,
        "requiresSite": option.requires_site,
        "requiresQuestionId": option.requires_question_id,
        "isRetraction": option.option_id in options.raised,
        "subOptions": (
            [flag_option_data(sub, options=options) for sub in option.sub_options]
            if option.sub_options
            else None
        ),
    }


def flag_options_data(options: FlagOptions) -> list[dict]:
    return [flag_option_data(option, options=options) for option in options.options]


class FlagSubOptionSerializer(serializers.Serializer):
    """A sub-option of a `FlagOptionResponseModel` (for the schema)."""

    optionId = serializers.IntegerField(allow_null=True)
    dialogTitle = serializers.CharField(allow_null=True)
    title = serializers.CharField(allow_null=True)
    description = serializers.CharField(allow_null=True)
    requiresComment = serializers.BooleanField()
    requiresSite = serializers.BooleanField()
    requiresQuestionId = serializers.BooleanField()
    isRetraction = serializers.BooleanField(
        help_text="The caller has already raised this flag (open) on this post."
    )


class FlagOptionSerializer(FlagSubOptionSerializer):
    """`FlagOptionResponseModel` (for the schema; data is built by `flag_options_data`)."""

    subOptions = serializers.SerializerMethodField(
        help_text="Options with sub-options cannot be chosen themselves (their optionId is null)."
    )

    @extend_schema_field(FlagSubOptionSerializer(many=True, allow_null=True))
    def get_subOptions(self, option):  # pragma: no cover - schema only
        return None


class FlagRequestSerializer(serializers.Serializer):
    """`FlagRequestModel`."""

    optionId = StrictIntegerField(
        source="option_id", min_value=0, max_value=INT32_MAX, help_text="From flags/options."
    )
    comment = StrictCharField(
        max_length=FLAG_COMMENT_MAX_LENGTH,
        multiline=True,
        allow_null=True,
        allow_blank=True,
        required=False,
        help_text="Required by options with requiresComment.",
    )
    relatedQuestionId = StrictIntegerField(
        source="related_question_id",
        min_value=1,
        max_value=MAX_ID,
        allow_null=True,
        required=False,
        help_text="Required by options with requiresQuestionId: a question of this team.",
    )
    targetSite = serializers.CharField(
        allow_null=True,
        allow_blank=True,
        required=False,
        help_text="Accepted for compatibility; no option of Teamstack requires a site.",
    )

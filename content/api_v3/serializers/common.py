"""Serializers shared by every resource of API v3: people, lists, list parameters, problems.

Output serializers read the annotated objects of the selectors (nothing here queries the
database); `…Params` serializers parse and validate query strings, `…Request` serializers
request bodies. Numbers a client adds or compares are never null.
"""

import re
from datetime import UTC, datetime, timedelta

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import empty

from teams.models import Membership
from tokens.serializers import ProblemSerializer  # noqa: F401  the schema of every API error

from ...models import MAX_ID
from ...selectors.common import Member, member_of
from ...selectors.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE
from ...services.texts import control_characters_message
from ...urls_paths import user_path

# Stack Internal's role names, as API v3 reports them.
ROLE_NAMES = {Membership.Role.MEMBER: "Registered", Membership.Role.ADMIN: "Admin"}
ORDERS = ("asc", "desc")


def absolute_url(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


def web_url(request, page, *args) -> str:
    """The absolute URL of a web page of the request's team: `page` is one of
    `content.urls_paths` (the gate put the team on the request)."""
    return request.build_absolute_uri(page(request.team.slug, *args))


class UserSummarySerializer(serializers.Serializer):
    """`UserSummaryResponseModel`. Takes a Membership (or a `Member`)."""

    id = serializers.IntegerField(source="user.id")
    accountId = serializers.IntegerField(source="user.id")
    name = serializers.CharField(source="user.name")
    avatarUrl = serializers.SerializerMethodField()
    webUrl = serializers.SerializerMethodField()
    reputation = serializers.IntegerField()
    role = serializers.SerializerMethodField()

    def _request(self):
        return self.context.get("request")

    def get_avatarUrl(self, membership) -> str:
        return absolute_url(self._request(), reverse("user-avatar", args=[membership.user_id]))

    def get_webUrl(self, membership) -> str:
        return web_url(self._request(), user_path, membership.user_id)

    def get_role(self, membership) -> str:
        return ROLE_NAMES.get(membership.role, "Registered")


def user_summary_data(member: Member | None, request) -> dict | None:
    """What `UserSummarySerializer` gives, built directly: lists render two per row, and a
    nested serializer per row costs more than the rest of the row."""
    if member is None:
        return None
    user_id = member.user.pk
    return {
        "id": user_id,
        "accountId": user_id,
        "name": member.user.name,
        "avatarUrl": absolute_url(request, reverse("user-avatar", args=[user_id])),
        "webUrl": web_url(request, user_path, user_id),
        "reputation": member.reputation,
        "role": ROLE_NAMES.get(member.role, "Registered"),
    }


class PostSerializer(serializers.Serializer):
    """Owner and last editor of a post, from the annotations of the selectors."""

    owner = serializers.SerializerMethodField()
    lastEditor = serializers.SerializerMethodField()

    def _summary(self, member: Member | None):
        return user_summary_data(member, self.context.get("request"))

    @extend_schema_field(UserSummarySerializer(allow_null=True))
    def get_owner(self, post):
        return self._summary(member_of(post, "owner", "owner"))

    @extend_schema_field(UserSummarySerializer(allow_null=True))
    def get_lastEditor(self, post):
        return self._summary(member_of(post, "last_editor", "editor"))


def paginated(name: str, item: type[serializers.Serializer], sorts, with_order=True):
    """The `Paginated…` envelope of `item` (for the OpenAPI schema)."""
    fields = {
        "totalCount": serializers.IntegerField(),
        "pageSize": serializers.IntegerField(),
        "page": serializers.IntegerField(),
        "totalPages": serializers.IntegerField(),
        "sort": serializers.ChoiceField(choices=list(sorts)),
        "items": item(many=True),
    }
    if with_order:
        fields["order"] = serializers.ChoiceField(choices=ORDERS)
    return type(name, (serializers.Serializer,), fields)


def page_data(page, *, item, sort: str, order: str | None, context: dict) -> dict:
    data = {
        "totalCount": page.total_count,
        "pageSize": page.page_size,
        "page": page.page,
        "totalPages": page.total_pages,
        "sort": sort,
    }
    if order is not None:
        data["order"] = order
    data["items"] = item(page.items, many=True, context=context).data
    return data


BOOLEAN_MESSAGE = "Must be true or false."
DATE_MESSAGE = (
    "Must be a date or date-time: YYYY, YYYY-MM, YYYY-MM-DD or ISO 8601 "
    "(e.g. 2026-03-01T12:00:00Z)."
)
# An unencoded `+` of a zone offset arrives as a space: `…T12:00:00 02:00`.
_ZONE_SPACE = re.compile(r"(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$")
_PARTIAL_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?$")


@extend_schema_field({"type": "boolean"})
class BooleanParam(serializers.Field):
    """A boolean query parameter: `true` or `false` in any letter case (Python clients send
    `True`), and nothing else. DRF's `BooleanField` also takes `1`, `yes`, `on`…, which the
    official API does not."""

    default_error_messages = {"invalid": BOOLEAN_MESSAGE}

    def get_value(self, dictionary):
        # DRF reads an empty query value of an optional field as "absent": here it is a 400.
        return dictionary.get(self.field_name, empty)

    def to_internal_value(self, data):
        if isinstance(data, bool):
            return data
        value = str(data).strip().lower()
        if value in ("true", "false"):
            return value == "true"
        self.fail("invalid")

    def to_representation(self, value):
        return bool(value)


@extend_schema_field(
    {"type": "string", "description": DATE_MESSAGE, "example": "2026-03-01T12:00:00Z"}
)
class DateParam(serializers.Field):
    """A date filter as clients send it: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (in UTC), or an
    ISO 8601 date-time with or without a zone (UTC when none).

    A year, month or day given as the start of a range (`end=False`) means its first
    instant; as the end of one (`end=True`) its last, so `to=2026-03` covers all of March.
    """

    default_error_messages = {"invalid": DATE_MESSAGE}

    def __init__(self, *, end: bool = False, **kwargs):
        self.end = end
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        text = str(data).strip()
        match = _PARTIAL_DATE.match(text)
        if match is not None:
            return self._period_bound(match)
        try:
            value = datetime.fromisoformat(_ZONE_SPACE.sub(r"\1+\2", text))
        except ValueError:
            self.fail("invalid")
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value

    def _period_bound(self, match) -> datetime:
        year = int(match["year"])
        month, day = match["month"], match["day"]
        try:
            if day is not None:
                start = datetime(year, int(month), int(day), tzinfo=UTC)
                following = start + timedelta(days=1)
            elif month is not None:
                start = datetime(year, int(month), 1, tzinfo=UTC)
                following = (start + timedelta(days=32)).replace(day=1)
            else:
                start = datetime(year, 1, 1, tzinfo=UTC)
                following = start.replace(year=year + 1)
        except (ValueError, OverflowError):
            self.fail("invalid")
        return following - timedelta(microseconds=1) if self.end else start

    def to_representation(self, value):
        return value.isoformat()


STRING_MESSAGE = "Must be a string."
BLANK_PARAMETER_MESSAGE = "May not be blank: leave the parameter out for its default."
_ASCII_INTEGER = re.compile(r"[+-]?[0-9]+")


class StrictStringMixin:
    """A string field of a request body that takes only a JSON string (DRF's CharField
    turns `5`, `true` and `1e999` into "5", "True" and "inf") without control characters.

    `multiline=True` for text that may span lines (bodies, descriptions).
    """

    def __init__(self, *args, multiline: bool = False, **kwargs):
        self.multiline = multiline
        super().__init__(*args, **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError(STRING_MESSAGE, code="invalid")
        refused = control_characters_message(data, multiline=self.multiline)
        if refused:
            raise serializers.ValidationError(refused, code="invalid")
        return super().to_internal_value(data)


class StrictCharField(StrictStringMixin, serializers.CharField):
    """A CharField that takes only a string, without control characters."""


class StrictRegexField(StrictStringMixin, serializers.RegexField):
    """A RegexField that takes only a string, without control characters."""


class StrictIntegerField(serializers.IntegerField):
    """An integer from a JSON number or from ASCII digits only: DRF's IntegerField (Python's
    `int()`) also reads other scripts' digits, `page=\u0663` (Arabic-Indic three) as 3."""

    def to_internal_value(self, data):
        if isinstance(data, str) and not _ASCII_INTEGER.fullmatch(data.strip()):
            self.fail("invalid")
        return super().to_internal_value(data)


class ListParams(serializers.Serializer):
    """`page`, `pageSize` (also accepted as `pagesize`, as Stack's own scripts send it).

    Validated data is keyed by the selectors' argument names (each field's `source`), so a
    view hands it to its selector as it is. A parameter given blank (`?sort=`) is a 400
    naming it: DRF reads the blank value of an optional field as absent and applies the
    default, so a client's mistake would go unnoticed (fields that take a blank value, or
    judge it themselves like `BooleanParam`, keep it).
    """

    page = StrictIntegerField(min_value=1, max_value=MAX_PAGE, default=1)
    pageSize = StrictIntegerField(
        source="page_size", min_value=1, max_value=MAX_PAGE_SIZE, default=DEFAULT_PAGE_SIZE
    )
    pagesize = StrictIntegerField(
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        required=False,
        help_text="Lower-case alias of `pageSize`.",
    )

    def to_internal_value(self, data):
        blank = {
            name: [BLANK_PARAMETER_MESSAGE]
            for name, field in self.fields.items()
            if name in data and field.get_value(data) is empty
        }
        if blank:
            raise serializers.ValidationError(blank)
        return super().to_internal_value(data)

    def validate(self, attrs):
        alias = attrs.pop("pagesize", None)
        if "pageSize" not in self.initial_data and alias is not None:
            attrs["page_size"] = alias
        return attrs


class SortedListParams(ListParams):
    SORTS: tuple = ()
    DEFAULT_SORT = ""
    ASCENDING_BY_DEFAULT: tuple = ()

    order = serializers.ChoiceField(choices=ORDERS, required=False)

    def get_fields(self):
        fields = super().get_fields()
        fields["sort"] = serializers.ChoiceField(choices=self.SORTS, default=self.DEFAULT_SORT)
        return fields

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if "order" not in attrs:
            attrs["order"] = "asc" if attrs["sort"] in self.ASCENDING_BY_DEFAULT else "desc"
        return attrs


class PostListParams(SortedListParams):
    """The filters every list of posts takes: `tagId` (repeatable), `authorId`, `from` and
    `to` (see `DateParam`)."""

    tagId = serializers.ListField(
        source="tag_ids",
        child=StrictIntegerField(min_value=1, max_value=MAX_ID),
        required=False,
    )
    authorId = StrictIntegerField(source="author_id", min_value=1, max_value=MAX_ID, required=False)

    def get_fields(self):
        fields = super().get_fields()
        # `from` is a Python keyword: these two cannot be declared as class attributes.
        fields["from"] = DateParam(source="from_date", required=False)
        fields["to"] = DateParam(source="to_date", end=True, required=False)
        return fields

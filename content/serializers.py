"""Serializers in the official Stack Internal API v3 shapes (camelCase field names).

Output serializers read the annotated objects of `selectors.py` (nothing here queries
the database); `…Params` serializers parse and validate query strings, `…Request`
serializers request bodies. Numbers a client adds or compares are never null.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from teams.models import Membership

from .models import (
    BODY_MAX_LENGTH,
    COMMENT_MAX_LENGTH,
    TAG_NAME_MAX_LENGTH,
    TITLE_MAX_LENGTH,
)
from .pagination import DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE
from .selectors import (
    ANSWER_SORTS,
    MAX_ID,
    QUESTION_SORTS,
    SEARCH_SORTS,
    TAG_SORTS,
    USER_SORTS,
)

# Stack Internal's role names, as API v3 reports them.
ROLE_NAMES = {Membership.Role.MEMBER: "Registered", Membership.Role.ADMIN: "Admin"}
ORDERS = ("asc", "desc")
TAG_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9+#.\-]*$"
TAG_NAME_MESSAGE = (
    "A tag is letters, digits and + # . - (starting with a letter or a digit), "
    f"at most {TAG_NAME_MAX_LENGTH} characters."
)


def absolute_url(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


def question_path(question_id: int) -> str:
    # There is no HTML question page yet: this is where it will live.
    return f"/questions/{question_id}/"


# --- People ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    """A user as seen in one team (what a Membership gives, for annotated rows)."""

    user: object
    reputation: int
    role: str

    @property
    def user_id(self) -> int:
        return self.user.pk


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
        return absolute_url(self._request(), reverse("user-profile", args=[membership.user_id]))

    def get_role(self, membership) -> str:
        return ROLE_NAMES.get(membership.role, "Registered")


class UserSerializer(UserSummarySerializer):
    """`UserResponseModel`: a team member as seen in that team. Takes a Membership."""

    email = serializers.SerializerMethodField()
    externalId = serializers.SerializerMethodField()
    department = serializers.SerializerMethodField()
    jobTitle = serializers.SerializerMethodField()

    def get_email(self, membership) -> str | None:
        """Only visible to team admins, or for the current user (as in the official API)."""
        viewer = getattr(self._request(), "user", None)
        viewer_is_admin = self.context.get("viewer_is_admin", False)
        if viewer is not None and (viewer.pk == membership.user_id or viewer_is_admin):
            return membership.user.email
        return None

    def get_externalId(self, membership) -> str | None:
        return None

    def get_department(self, membership) -> str | None:
        return None

    def get_jobTitle(self, membership) -> str | None:
        return None


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
        "webUrl": absolute_url(request, reverse("user-profile", args=[user_id])),
        "reputation": member.reputation,
        "role": ROLE_NAMES.get(member.role, "Registered"),
    }


def _member_of(obj, user_attr: str, prefix: str) -> Member | None:
    user = getattr(obj, user_attr)
    if user is None:
        return None
    reputation = getattr(obj, f"{prefix}_reputation", None)
    role = getattr(obj, f"{prefix}_role", None) or Membership.Role.MEMBER
    return Member(user=user, reputation=reputation if reputation is not None else 1, role=role)


class _PostSerializer(serializers.Serializer):
    """Owner and last editor of a post, from the annotations of the selectors."""

    owner = serializers.SerializerMethodField()
    lastEditor = serializers.SerializerMethodField()

    def _summary(self, member: Member | None):
        return user_summary_data(member, self.context.get("request"))

    @extend_schema_field(UserSummarySerializer(allow_null=True))
    def get_owner(self, post):
        return self._summary(_member_of(post, "owner", "owner"))

    @extend_schema_field(UserSummarySerializer(allow_null=True))
    def get_lastEditor(self, post):
        return self._summary(_member_of(post, "last_editor", "editor"))


# --- Tags --------------------------------------------------------------------------------


class TagSummarySerializer(serializers.Serializer):
    """`TagSummaryResponseModel`."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    description = serializers.CharField()
    postCount = serializers.IntegerField(source="post_count")
    subjectMatterExpertCount = serializers.SerializerMethodField()
    watcherCount = serializers.SerializerMethodField()
    creationDate = serializers.DateTimeField(source="created_at")
    hasSynonyms = serializers.SerializerMethodField()
    webUrl = serializers.SerializerMethodField()

    def get_subjectMatterExpertCount(self, tag) -> int:
        return 0

    def get_watcherCount(self, tag) -> int:
        return 0

    def get_hasSynonyms(self, tag) -> bool:
        return False

    def get_webUrl(self, tag) -> str:
        return absolute_url(self.context.get("request"), f"/questions/tagged/{tag.name}/")


class SubjectMatterExpertsSerializer(serializers.Serializer):
    users = UserSummarySerializer(many=True)
    userGroups = serializers.ListField(child=serializers.DictField())


class TagSerializer(TagSummarySerializer):
    """`TagResponseModel` (subject matter experts are not modelled yet: always empty)."""

    subjectMatterExperts = serializers.SerializerMethodField()

    @extend_schema_field(SubjectMatterExpertsSerializer)
    def get_subjectMatterExperts(self, tag):
        return {"users": [], "userGroups": []}


# --- Questions ---------------------------------------------------------------------------


class QuestionSummarySerializer(_PostSerializer):
    """`QuestionSummaryResponseModel`."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField(source="body_html")
    tags = TagSummarySerializer(many=True, source="tags.all")
    creationDate = serializers.DateTimeField(source="created_at")
    lastActivityDate = serializers.DateTimeField(source="last_activity_at")
    score = serializers.IntegerField()
    isAnswered = serializers.BooleanField(source="is_answered")
    answerCount = serializers.IntegerField(source="answer_count")
    viewCount = serializers.IntegerField(source="view_count")
    webUrl = serializers.SerializerMethodField()
    shareUrl = serializers.SerializerMethodField()
    isDeleted = serializers.SerializerMethodField()
    isObsolete = serializers.SerializerMethodField()
    isClosed = serializers.SerializerMethodField()
    bounty = serializers.SerializerMethodField()

    def get_webUrl(self, question) -> str:
        return absolute_url(self.context.get("request"), question_path(question.pk))

    def get_shareUrl(self, question) -> str:
        return absolute_url(self.context.get("request"), question_path(question.pk))

    def get_isDeleted(self, question) -> bool:
        return False

    def get_isObsolete(self, question) -> bool:
        return False

    def get_isClosed(self, question) -> bool:
        return False

    @extend_schema_field(serializers.DictField(allow_null=True))
    def get_bounty(self, question):
        return None


class QuestionSerializer(QuestionSummarySerializer):
    """`QuestionResponseModel`."""

    bodyMarkdown = serializers.CharField(source="body_markdown")
    communities = serializers.SerializerMethodField()
    mentionedUsers = serializers.SerializerMethodField()
    mentionedUserGroups = serializers.SerializerMethodField()
    userIsFollowing = serializers.SerializerMethodField()
    userHasUpvoted = serializers.BooleanField(source="user_has_upvoted", default=False)
    userHasDownvoted = serializers.BooleanField(source="user_has_downvoted", default=False)
    userHasBookmarked = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_communities(self, question):
        return []

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_mentionedUsers(self, question):
        return []

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_mentionedUserGroups(self, question):
        return []

    def get_userIsFollowing(self, question) -> bool:
        return False

    def get_userHasBookmarked(self, question) -> bool:
        return False


# --- Answers -----------------------------------------------------------------------------


class AnswerSummarySerializer(_PostSerializer):
    """`AnswerSummaryResponseModel` (plus `userHasUpvoted`/`userHasDownvoted`, as on
    questions)."""

    id = serializers.IntegerField()
    questionId = serializers.IntegerField(source="question_id")
    body = serializers.CharField(source="body_html")
    score = serializers.IntegerField()
    isAccepted = serializers.BooleanField(source="is_accepted", default=False)
    isDeleted = serializers.SerializerMethodField()
    isBookmarked = serializers.SerializerMethodField()
    isFollowed = serializers.SerializerMethodField()
    creationDate = serializers.DateTimeField(source="created_at")
    lockedDate = serializers.SerializerMethodField()
    lastEditDate = serializers.DateTimeField(source="last_edited_at", allow_null=True)
    lastActivityDate = serializers.DateTimeField(source="last_activity_at")
    deletionDate = serializers.SerializerMethodField()
    lastActivityUser = serializers.SerializerMethodField()
    commentCount = serializers.IntegerField(source="comment_count")
    webUrl = serializers.SerializerMethodField()
    shareLink = serializers.SerializerMethodField()
    userCanFollow = serializers.SerializerMethodField()
    canBeFollowed = serializers.SerializerMethodField()
    isSubjectMatterExpert = serializers.SerializerMethodField()
    userHasUpvoted = serializers.BooleanField(source="user_has_upvoted", default=False)
    userHasDownvoted = serializers.BooleanField(source="user_has_downvoted", default=False)

    def get_isDeleted(self, answer) -> bool:
        return False

    def get_isBookmarked(self, answer) -> bool:
        return False

    def get_isFollowed(self, answer) -> bool:
        return False

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_lockedDate(self, answer):
        return None

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_deletionDate(self, answer):
        return None

    @extend_schema_field(UserSummarySerializer(allow_null=True))
    def get_lastActivityUser(self, answer):
        if answer.last_editor_id is not None:
            return self._summary(_member_of(answer, "last_editor", "editor"))
        return self._summary(_member_of(answer, "owner", "owner"))

    def _url(self, answer) -> str:
        path = f"{question_path(answer.question_id)}#answer-{answer.pk}"
        return absolute_url(self.context.get("request"), path)

    def get_webUrl(self, answer) -> str:
        return self._url(answer)

    def get_shareLink(self, answer) -> str:
        return self._url(answer)

    def get_userCanFollow(self, answer) -> bool:
        return False

    def get_canBeFollowed(self, answer) -> bool:
        return False

    def get_isSubjectMatterExpert(self, answer) -> bool:
        return False


class AnswerSerializer(AnswerSummarySerializer):
    """`AnswerResponseModel`."""

    bodyMarkdown = serializers.CharField(source="body_markdown")


# --- Comments ----------------------------------------------------------------------------


class CommentSerializer(serializers.Serializer):
    """`CommentResponseModel` (plus `bodyMarkdown`, the source of `body`)."""

    id = serializers.IntegerField()
    score = serializers.IntegerField()
    body = serializers.CharField(source="body_html")
    bodyMarkdown = serializers.CharField(source="body_markdown")
    ownerUserId = serializers.IntegerField(source="owner_id", allow_null=True)
    ownerDisplayName = serializers.SerializerMethodField()
    creationDate = serializers.DateTimeField(source="created_at")

    def get_ownerDisplayName(self, comment) -> str:
        return comment.owner.name if comment.owner is not None else ""


# --- Search ------------------------------------------------------------------------------

SNIPPET_LENGTH = 200


class QuestionSearchResultSerializer(serializers.Serializer):
    """`QuestionSearchResultModel`."""

    type = serializers.SerializerMethodField()
    questionId = serializers.IntegerField(source="id")
    title = serializers.CharField()
    snippet = serializers.SerializerMethodField()
    tags = TagSummarySerializer(many=True, source="tags.all")
    owner = serializers.SerializerMethodField()
    creationDate = serializers.DateTimeField(source="created_at")
    score = serializers.IntegerField()
    webUrl = serializers.SerializerMethodField()
    answerCount = serializers.IntegerField(source="answer_count")
    hasAcceptedAnswer = serializers.SerializerMethodField()
    viewCount = serializers.IntegerField(source="view_count")

    def get_type(self, question) -> str:
        return "question"

    def get_snippet(self, question) -> str:
        return Truncator(strip_tags(question.body_html).strip()).chars(SNIPPET_LENGTH)

    @extend_schema_field(UserSummarySerializer(allow_null=True))
    def get_owner(self, question):
        return user_summary_data(
            _member_of(question, "owner", "owner"), self.context.get("request")
        )

    def get_webUrl(self, question) -> str:
        return absolute_url(self.context.get("request"), question_path(question.pk))

    def get_hasAcceptedAnswer(self, question) -> bool:
        return question.accepted_answer_id is not None


# --- Lists -------------------------------------------------------------------------------


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


PaginatedQuestionsSerializer = paginated(
    "PaginatedQuestions", QuestionSummarySerializer, QUESTION_SORTS
)
PaginatedAnswersSerializer = paginated("PaginatedAnswers", AnswerSummarySerializer, ANSWER_SORTS)
PaginatedTagsSerializer = paginated("PaginatedTags", TagSummarySerializer, TAG_SORTS)
PaginatedUsersSerializer = paginated("PaginatedUsers", UserSummarySerializer, USER_SORTS)
PaginatedSearchResultsSerializer = paginated(
    "PaginatedSearchResults", QuestionSearchResultSerializer, SEARCH_SORTS, with_order=False
)


# --- Query parameters --------------------------------------------------------------------


class ListParams(serializers.Serializer):
    """`page`, `pageSize` (also accepted as `pagesize`, as Stack's own scripts send it)."""

    page = serializers.IntegerField(min_value=1, max_value=MAX_PAGE, default=1)
    pageSize = serializers.IntegerField(
        min_value=1, max_value=MAX_PAGE_SIZE, default=DEFAULT_PAGE_SIZE
    )
    pagesize = serializers.IntegerField(
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        required=False,
        help_text="Lower-case alias of `pageSize`.",
    )

    def validate(self, attrs):
        if "pageSize" not in self.initial_data and "pagesize" in attrs:
            attrs["pageSize"] = attrs["pagesize"]
        attrs.pop("pagesize", None)
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


class QuestionListParams(SortedListParams):
    SORTS = tuple(QUESTION_SORTS)
    DEFAULT_SORT = "activity"

    isAnswered = serializers.BooleanField(required=False, allow_null=True, default=None)
    hasAcceptedAnswer = serializers.BooleanField(required=False, allow_null=True, default=None)
    tagId = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False
    )
    authorId = serializers.IntegerField(min_value=1, max_value=MAX_ID, required=False)

    def get_fields(self):
        fields = super().get_fields()
        # `from` is a Python keyword: these two cannot be declared as class attributes.
        fields["from"] = serializers.DateTimeField(required=False)
        fields["to"] = serializers.DateTimeField(required=False)
        return fields


class AnswerListParams(SortedListParams):
    SORTS = tuple(ANSWER_SORTS)
    DEFAULT_SORT = "score"


class TagListParams(SortedListParams):
    SORTS = tuple(TAG_SORTS)
    DEFAULT_SORT = "postCount"
    ASCENDING_BY_DEFAULT = ("name",)

    partialName = serializers.CharField(required=False, max_length=TAG_NAME_MAX_LENGTH)


class UserListParams(SortedListParams):
    SORTS = tuple(USER_SORTS)
    DEFAULT_SORT = "reputation"


class EmailPathParams(serializers.Serializer):
    """The `{email}` of `/users/by-email/{email}`: a malformed address is a 400, never a
    query (PostgreSQL refuses some bytes, such as NUL, outright)."""

    email = serializers.EmailField(max_length=254)


class SearchParams(ListParams):
    query = serializers.CharField(max_length=500, allow_blank=True, default="")
    sort = serializers.ChoiceField(choices=SEARCH_SORTS, default="relevance")


# --- Request bodies ----------------------------------------------------------------------


class QuestionRequestSerializer(serializers.Serializer):
    """`QuestionRequestModel`: a new question, or all of an edited one."""

    title = serializers.CharField(max_length=TITLE_MAX_LENGTH)
    body = serializers.CharField(max_length=BODY_MAX_LENGTH, help_text="Markdown.")
    tags = serializers.ListField(
        child=serializers.RegexField(
            TAG_NAME_PATTERN,
            max_length=TAG_NAME_MAX_LENGTH,
            error_messages={"invalid": TAG_NAME_MESSAGE},
        ),
        min_length=1,
        max_length=5,
    )


class AnswerRequestSerializer(serializers.Serializer):
    """`AnswerRequestModel`."""

    body = serializers.CharField(max_length=BODY_MAX_LENGTH, help_text="Markdown.")


class CommentRequestSerializer(serializers.Serializer):
    """A new comment (our extension: the official API only reads comments)."""

    body = serializers.CharField(max_length=COMMENT_MAX_LENGTH, help_text="Markdown.")


class ProblemSerializer(serializers.Serializer):
    """RFC 7807 problem details, as every API error is rendered."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Field errors of a 400, keyed by parameter or field name.",
    )

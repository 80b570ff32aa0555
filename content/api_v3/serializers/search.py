"""Search result shapes of API v3."""

import math

from django.utils.html import strip_tags
from django.utils.text import Truncator
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from ...models import Article
from ...selectors import (
    SEARCH_SORTS,
)
from ...urls_paths import article_path, question_path, tag_path
from .common import (
    ListParams,
    UserSummarySerializer,
    member_of,
    paginated,
    user_summary_data,
    web_url,
)
from .tags import TagSummarySerializer

SNIPPET_LENGTH = 200
WORDS_READ_PER_MINUTE = 200


class _SearchResultSerializer(serializers.Serializer):
    """`SearchResultModel`: what every kind of result shows. Takes a row of
    `selectors.content_search` (with its `search_tags`)."""

    type = serializers.SerializerMethodField()
    title = serializers.CharField()
    snippet = serializers.SerializerMethodField()
    tags = TagSummarySerializer(many=True, source="search_tags")
    owner = serializers.SerializerMethodField()
    creationDate = serializers.DateTimeField(source="created_at")
    score = serializers.IntegerField()
    webUrl = serializers.SerializerMethodField()

    def get_snippet(self, post) -> str:
        return Truncator(strip_tags(post.body_html).strip()).chars(SNIPPET_LENGTH)

    @extend_schema_field(UserSummarySerializer(allow_null=True))
    def get_owner(self, post):
        return user_summary_data(member_of(post, "owner", "owner"), self.context.get("request"))


class QuestionSearchResultSerializer(_SearchResultSerializer):
    """`QuestionSearchResultModel`."""

    questionId = serializers.IntegerField(source="id")
    answerCount = serializers.IntegerField(source="answer_count")
    hasAcceptedAnswer = serializers.SerializerMethodField()
    viewCount = serializers.IntegerField(source="view_count")

    def get_type(self, question) -> str:
        return "question"

    def get_webUrl(self, question) -> str:
        return web_url(self.context.get("request"), question_path, question.pk)

    def get_hasAcceptedAnswer(self, question) -> bool:
        return question.accepted_answer_id is not None


class ArticleSearchResultSerializer(_SearchResultSerializer):
    """`ArticleSearchResultModel`."""

    articleId = serializers.IntegerField(source="id")
    viewCount = serializers.IntegerField(source="view_count")
    articleType = serializers.ChoiceField(source="type", choices=Article.Type.values)
    readTimeInMinutes = serializers.SerializerMethodField()

    def get_type(self, article) -> str:
        return "article"

    def get_webUrl(self, article) -> str:
        return web_url(self.context.get("request"), article_path, article.pk)

    def get_readTimeInMinutes(self, article) -> int:
        words = len(strip_tags(article.body_html).split())
        return max(1, math.ceil(words / WORDS_READ_PER_MINUTE))


class SearchResultSerializer(serializers.BaseSerializer):
    """A search result of either kind, in the shape of its kind (`search_result_data`)."""

    def to_representation(self, post):
        return search_result_data(post, self.context.get("request"))


_DATETIME = serializers.DateTimeField()


def search_result_data(post, request) -> dict:
    """What `QuestionSearchResultSerializer` or `ArticleSearchResultSerializer` gives, built
    directly, as `user_summary_data` is: through the serializers a result cost about half a
    millisecond (thirty fields with their tags' and owner's, each through DRF's field
    machinery), which made the page of 20 results of a rare word at 1M questions cost 1.5x
    the page of 1 at 10k. `tests/content/test_search_api.py` holds both to the same
    output."""
    text = strip_tags(post.body_html).strip()
    data = {
        "type": "article" if isinstance(post, Article) else "question",
        "title": post.title,
        # A text this short is never cut (Truncator counts characters, less the combining
        # ones, one by one: a tenth of a millisecond per result for nothing).
        "snippet": text if len(text) <= SNIPPET_LENGTH else Truncator(text).chars(SNIPPET_LENGTH),
        "tags": [tag_summary_data(tag, request) for tag in post.search_tags],
        "owner": user_summary_data(member_of(post, "owner", "owner"), request),
        "creationDate": _DATETIME.to_representation(post.created_at),
        "score": post.score,
    }
    if isinstance(post, Article):
        words = len(text.split())
        data.update(
            webUrl=web_url(request, article_path, post.pk),
            articleId=post.pk,
            viewCount=post.view_count,
            articleType=post.type,
            readTimeInMinutes=max(1, math.ceil(words / WORDS_READ_PER_MINUTE)),
        )
    else:
        data.update(
            webUrl=web_url(request, question_path, post.pk),
            questionId=post.pk,
            answerCount=post.answer_count,
            hasAcceptedAnswer=post.accepted_answer_id is not None,
            viewCount=post.view_count,
        )
    return data


def tag_summary_data(tag, request) -> dict:
    """What `TagSummarySerializer` gives for a search result's tag, built directly."""
    return {
        "id": tag.id,
        "name": tag.name,
        "description": tag.description,
        "postCount": tag.post_count,
        "subjectMatterExpertCount": getattr(tag, "sme_count", 0),
        "watcherCount": getattr(tag, "watcher_count", 0),
        "creationDate": _DATETIME.to_representation(tag.created_at),
        "hasSynonyms": getattr(tag, "has_synonyms", False),
        "webUrl": web_url(request, tag_path, tag.name),
    }


class SearchParams(ListParams):
    query = serializers.CharField(max_length=500, allow_blank=True, default="")
    sort = serializers.ChoiceField(choices=SEARCH_SORTS, default="relevance")


SEARCH_RESULT_SCHEMA = PolymorphicProxySerializer(
    component_name="SearchResult",
    serializers=[QuestionSearchResultSerializer, ArticleSearchResultSerializer],
    resource_type_field_name=None,
    many=True,
)


class PaginatedSearchResultsSerializer(
    paginated("_PaginatedSearchResults", QuestionSearchResultSerializer, SEARCH_SORTS, False)
):
    """`PaginatedSearchResults`: items are questions and articles (`type` tells which)."""

    items = SEARCH_RESULT_SCHEMA

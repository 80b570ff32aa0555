"""Shapes of the linked and related questions of API v3."""

from ...selectors import LINKED_SORTS
from .common import SortedListParams, paginated
from .questions import QuestionSummarySerializer


class LinkedOrRelatedQuestionsParams(SortedListParams):
    """`page`, `pageSize`, `sort` (`LinkedOrRelatedQuestionsSortParameter`), `order`."""

    SORTS = LINKED_SORTS
    DEFAULT_SORT = "hot"


PaginatedLinkedOrRelatedQuestionsSerializer = paginated(
    "PaginatedLinkedOrRelatedQuestions", QuestionSummarySerializer, LINKED_SORTS
)

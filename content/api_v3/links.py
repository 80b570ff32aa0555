"""API v3: the linked and related questions of a question."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from .. import selectors
from .base import ListApi, responses
from .serializers.links import (
    LinkedOrRelatedQuestionsParams,
    PaginatedLinkedOrRelatedQuestionsSerializer,
)
from .serializers.questions import QuestionSummarySerializer


class _LinkedOrRelatedApi(ListApi):
    params_class = LinkedOrRelatedQuestionsParams
    item_serializer = QuestionSummarySerializer

    def selector_scope(self, *, questionId) -> dict:
        team = self.request.team
        question = selectors.question_get_for_write(team=team, question_id=questionId)
        return {"team": team, "user": self.request.user, "question": question}


@extend_schema_view(
    get=extend_schema(
        summary="Retrieve linked questions",
        description=(
            "Questions that link to this question, or that it links to, from the body of the "
            "question or of its answers. `hot` (the default): highest score first."
        ),
        tags=["Questions"],
        parameters=[LinkedOrRelatedQuestionsParams],
        responses=responses({200: PaginatedLinkedOrRelatedQuestionsSerializer}),
    )
)
class QuestionLinkedListApi(_LinkedOrRelatedApi):
    """`GET /questions/{questionId}/linked`."""

    selector = selectors.question_linked_list


@extend_schema_view(
    get=extend_schema(
        summary="Retrieve related questions",
        description=(
            "Other questions that share tags or title words with this question. `hot` (the "
            "default): the most relevant first."
        ),
        tags=["Questions"],
        parameters=[LinkedOrRelatedQuestionsParams],
        responses=responses({200: PaginatedLinkedOrRelatedQuestionsSerializer}),
    )
)
class QuestionRelatedListApi(_LinkedOrRelatedApi):
    """`GET /questions/{questionId}/related`."""

    selector = selectors.question_related_list

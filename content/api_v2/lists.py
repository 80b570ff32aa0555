"""What the v2.3 list methods of posts share: the `sort`/`min`/`max`/`fromdate`/`todate`
window, `{ids}` vectors, and the page rendered into the wrapper.

A list view declares its `shape`, its `sorts` (name → how `min`/`max` read: `date`,
`int`, or `none` for the sorts that take no range) and its `default_sort`, then calls
one selector of `content.selectors.post_lists` and returns `self.page(…)`.
"""

from ..selectors.post_lists import AnswerEmbeds, KeyPage, QuestionEmbeds, Window
from .base import Shape, V2Api
from .errors import BadParameter
from .filters import Filter
from .params import id_vector, sorting

QUESTION_SORTS = {"activity": "date", "creation": "date", "votes": "int"}
COMMENT_SORTS = {"creation": "date", "votes": "int"}
NO_RANGE = "none"
NO_RANGE_MESSAGE = "is not accepted with sort={sort}."


class ListApi(V2Api):
    """Base of the list methods of questions, answers, comments and posts."""

    shape: type[Shape]
    sorts: dict = QUESTION_SORTS
    default_sort = "activity"

    def window(self) -> Window:
        params = self.params()
        parsed = sorting(params, sorts=self.sorts, default=self.default_sort)
        if self.sorts[parsed.sort] == NO_RANGE:
            for name in ("min", "max"):
                if params.get(name) not in (None, ""):
                    raise BadParameter(name, NO_RANGE_MESSAGE.format(sort=parsed.sort))
        return Window(
            sort=parsed.sort,
            order=parsed.order,
            min=parsed.min,
            max=parsed.max,
            from_date=parsed.from_date,
            to_date=parsed.to_date,
        )

    def ids(self, name: str = "ids") -> list[int]:
        return id_vector(name, self.kwargs[name])

    def list_args(self) -> dict:
        """`page`, `page_size`, `window` and `count` of every list selector."""
        paging = self.paging()
        return {
            "page": paging.page,
            "page_size": paging.page_size,
            "window": self.window(),
            "count": self.wants_total(),
        }

    def page(self, result: KeyPage):
        return self.wrap(
            self.shape.render_many(result.items, self.context()),
            has_more=result.has_more,
            page=self.paging(),
            total=result.total,
        )


def _votes(flt: Filter, kind: str) -> bool:
    return flt.includes(kind, "up_vote_count") or flt.includes(kind, "down_vote_count")


def question_embeds(flt: Filter) -> QuestionEmbeds:
    """What a question list must fetch for the filter: only what the response shows."""
    answers = flt.includes("question", "answers")
    return QuestionEmbeds(
        vote_counts=_votes(flt, "question") or (answers and _votes(flt, "answer")),
        answers=answers,
        comments=flt.includes("question", "comments"),
        answer_comments=answers and flt.includes("answer", "comments"),
    )


def answer_embeds(flt: Filter) -> AnswerEmbeds:
    """What an answer list must fetch for the filter."""
    return AnswerEmbeds(
        vote_counts=_votes(flt, "answer"),
        comments=flt.includes("answer", "comments"),
        question=flt.includes("answer", "title"),
        question_tags=flt.includes("answer", "tags"),
    )

"""API v2.3 reads of questions: `/questions` and its variants, `/search`,
`/search/advanced`, `/similar`, `/users/{ids}/questions`, `/me/questions`.

Each view parses its parameters, calls `selectors.post_lists.question_v2_list` (with a
search or similarity queryset when it has one) and renders `QuestionShape`s; what the
selector fetches (bodies cost nothing, embedded answers and comments one prefetch each)
follows the filter (`lists.question_embeds`).
"""

from ..selectors.post_lists import (
    question_related_queryset,
    question_search_queryset,
    question_similar_queryset,
    question_v2_list,
)
from .errors import BadParameter
from .lists import NO_RANGE, QUESTION_SORTS, ListApi, question_embeds
from .params import boolean, string_vector
from .posts import QuestionShape

ALL_QUESTION_SORTS = {**QUESTION_SORTS, "hot": NO_RANGE, "week": NO_RANGE, "month": NO_RANGE}
RANKED_SORTS = {**QUESTION_SORTS, "rank": NO_RANGE}
SEARCH_SORTS = {**QUESTION_SORTS, "relevance": NO_RANGE}

SEARCH_NEEDS_MESSAGE = "at least one of tagged or intitle must be set."
NOTTAGGED_ALONE_MESSAGE = "at least one other parameter must be set with nottagged."
TITLE_REQUIRED_MESSAGE = "is required."
NOT_A_NUMBER = "must be a non-negative integer."


class QuestionListBase(ListApi):
    shape = QuestionShape
    item_type = "question"

    def questions(self, **criteria):
        return self.page(
            question_v2_list(
                team=self.request.team,
                user=self.request.user,
                embeds=question_embeds(self.filter),
                **self.list_args(),
                **criteria,
            )
        )

    def tagged(self, name: str = "tagged") -> list[str] | None:
        value = self.params().get(name)
        return string_vector(name, value) if value else None


class QuestionListApi(QuestionListBase):
    """`GET /questions`: sorts activity (default), creation, votes, hot, week, month;
    `tagged`: questions with all of these tags."""

    parameters = {
        "tagged": "Tags separated by `;`: questions with all of them.",
    }

    sorts = ALL_QUESTION_SORTS

    def get(self, request):
        return self.questions(tagged_all=self.tagged())


class QuestionUnansweredApi(QuestionListBase):
    """`GET /questions/unanswered`: no accepted answer and no answer scored above zero."""

    def get(self, request):
        return self.questions(tagged_all=self.tagged(), unanswered=True)


class QuestionNoAnswersApi(QuestionListBase):
    """`GET /questions/no-answers`: questions without any answer."""

    def get(self, request):
        return self.questions(tagged_all=self.tagged(), no_answers=True)


class QuestionDetailApi(QuestionListBase):
    """`GET /questions/{ids}`: unknown ids (or another team's) are simply absent."""

    def get(self, request, ids):
        return self.questions(question_ids=self.ids())


class QuestionLinkedApi(QuestionListBase):
    """`GET /questions/{ids}/linked`: questions linking to one of {ids} or linked from it."""

    sorts = RANKED_SORTS

    def get(self, request, ids):
        return self.questions(linked_to=self.ids())


class QuestionRelatedApi(QuestionListBase):
    """`GET /questions/{ids}/related`: questions sharing tags or title words with {ids};
    `rank` orders by how related they are."""

    sorts = RANKED_SORTS

    def get(self, request, ids):
        questions, relevance = question_related_queryset(team=request.team, question_ids=self.ids())
        return self.questions(queryset=questions, relevance=relevance)


class UserQuestionsApi(QuestionListBase):
    """`GET /users/{ids}/questions`: the questions these users asked in the team."""

    def get(self, request, ids):
        return self.questions(owner_ids=self.ids())


class MeQuestionsApi(QuestionListBase):
    """`GET /me/questions`: the questions of the token's user."""

    def get(self, request):
        return self.questions(owner_ids=[request.user.pk])


class SearchApi(QuestionListBase):
    """`GET /search`: `intitle` (in the title), `tagged` (at least one of these tags),
    `nottagged` (none of these; only with `tagged`). At least one of `tagged` or
    `intitle` is required. `relevance` orders as `hot` (there is no text to rank)."""

    parameters = {
        "intitle": "Words in the title.",
        "tagged": "Tags separated by `;`: at least one of them.",
        "nottagged": "Tags separated by `;`: none of them (only with `tagged`).",
    }

    sorts = SEARCH_SORTS

    def get(self, request):
        params = self.params()
        intitle, tagged = params.get("intitle"), self.tagged()
        if not intitle and not tagged:
            raise BadParameter("intitle", SEARCH_NEEDS_MESSAGE)
        questions, _ = question_search_queryset(
            team=request.team,
            intitle=intitle,
            tagged_any=tagged,
            not_tagged=self.tagged("nottagged") if tagged else None,
        )
        return self.questions(queryset=questions)


# `/search/advanced` criteria that can never hold in Teamstack (no closed, migrated,
# community-wiki questions, no post notices): `true` finds nothing, `false` everything.
NEVER_TRUE = ("closed", "migrated", "notice", "wiki")


class SearchAdvancedApi(QuestionListBase):
    """`GET /search/advanced`: `q` (free text over titles, bodies and answers), `accepted`,
    `answers` (at least), `body`, `closed`, `migrated`, `notice`, `wiki` (never true
    here), `tagged` (at least one), `nottagged` (none; needs another parameter), `title`,
    `user`, `url` (in the body, `*` any text), `views` (at least). `relevance` ranks `q`
    on PostgreSQL, else orders as `hot`."""

    parameters = {
        "q": "Free text over titles, bodies and answers.",
        "accepted": "`true` or `false`.",
        "answers": "At least this many answers.",
        "body": "Text in the body.",
        "closed": "`true` finds nothing (never closed here).",
        "migrated": "`true` finds nothing.",
        "notice": "`true` finds nothing.",
        "wiki": "`true` finds nothing.",
        "tagged": "Tags separated by `;`: at least one of them.",
        "nottagged": "Tags separated by `;`: none of them.",
        "title": "Text in the title.",
        "user": "The author's user id.",
        "url": "A URL in the body (`*` matches any text).",
        "views": "At least this many views.",
    }

    sorts = SEARCH_SORTS

    def get(self, request):
        params = self.params()
        criteria = {
            "text": params.get("q") or None,
            "body": params.get("body") or None,
            "intitle": params.get("title") or None,
            "url": params.get("url") or None,
            "tagged_any": self.tagged(),
            "not_tagged": self.tagged("nottagged"),
        }
        if params.get("accepted"):
            criteria["accepted"] = boolean("accepted", params["accepted"])
        for name, key in (("answers", "min_answers"), ("views", "min_views"), ("user", "owner_id")):
            if params.get(name):
                criteria[key] = _count(name, params[name])
        impossible = False
        for name in NEVER_TRUE:
            if params.get(name):
                impossible |= boolean(name, params[name])
        others = {k: v for k, v in criteria.items() if k != "not_tagged" and v is not None}
        if criteria["not_tagged"] and not others and not any(params.get(n) for n in NEVER_TRUE):
            raise BadParameter("nottagged", NOTTAGGED_ALONE_MESSAGE)
        questions, relevance = question_search_queryset(team=request.team, **criteria)
        if impossible:
            questions = questions.none()
        return self.questions(
            queryset=questions, relevance=relevance, bounded=criteria["text"] is not None
        )


def _count(name: str, value: str) -> int:
    value = value.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise BadParameter(name, NOT_A_NUMBER)
    return int(value)


class SimilarApi(QuestionListBase):
    """`GET /similar?title=…`: questions like a hypothetical one with this title and
    `tagged` tags (a preference), none tagged `nottagged` (a requirement); `relevance`
    orders the most similar first."""

    parameters = {
        "title": "The title to find similar questions to (required).",
        "tagged": "Tags separated by `;`: preferred.",
        "nottagged": "Tags separated by `;`: excluded.",
    }

    sorts = SEARCH_SORTS

    def get(self, request):
        title = (self.params().get("title") or "").strip()
        if not title:
            raise BadParameter("title", TITLE_REQUIRED_MESSAGE)
        questions, relevance = question_similar_queryset(
            team=request.team,
            title=title,
            tag_names=self.tagged(),
            not_tagged=self.tagged("nottagged"),
        )
        return self.questions(queryset=questions, relevance=relevance)

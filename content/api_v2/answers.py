"""API v2.3 reads of answers: `/answers`, `/answers/{ids}`, `/questions/{ids}/answers`,
`/users/{ids}/answers`, `/me/answers` (sorts activity, creation, votes)."""

from ..selectors.post_lists import answer_v2_list
from .lists import ListApi, answer_embeds
from .posts import AnswerShape


class AnswerListBase(ListApi):
    shape = AnswerShape
    item_type = "answer"

    def answers(self, **criteria):
        return self.page(
            answer_v2_list(
                team=self.request.team,
                user=self.request.user,
                embeds=answer_embeds(self.filter),
                **self.list_args(),
                **criteria,
            )
        )


class AnswerListApi(AnswerListBase):
    """`GET /answers`: every answer of the team."""

    def get(self, request):
        return self.answers()


class AnswerDetailApi(AnswerListBase):
    """`GET /answers/{ids}`: unknown ids (or another team's) are simply absent."""

    def get(self, request, ids):
        return self.answers(answer_ids=self.ids())


class QuestionAnswersApi(AnswerListBase):
    """`GET /questions/{ids}/answers`: the answers to these questions."""

    def get(self, request, ids):
        return self.answers(question_ids=self.ids())


class UserAnswersApi(AnswerListBase):
    """`GET /users/{ids}/answers`: the answers these users wrote in the team."""

    def get(self, request, ids):
        return self.answers(owner_ids=self.ids())


class MeAnswersApi(AnswerListBase):
    """`GET /me/answers`: the answers of the token's user."""

    def get(self, request):
        return self.answers(owner_ids=[request.user.pk])

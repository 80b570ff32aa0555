"""API v2.3: `/info`, the team's totals."""

from ..selectors.info import team_info
from .base import Shape, V2Api


class InfoShape(Shape):
    """`info`: the totals of the team (Stack Exchange's per-site info, for one team)."""

    type_name = "info"
    fields = {
        "answers_per_minute": lambda i, ctx: i.answers_per_minute,
        "api_revision": lambda i, ctx: "2.3",
        "questions_per_minute": lambda i, ctx: i.questions_per_minute,
        "total_accepted": lambda i, ctx: i.total_accepted,
        "total_answers": lambda i, ctx: i.total_answers,
        "total_comments": lambda i, ctx: i.total_comments,
        "total_questions": lambda i, ctx: i.total_questions,
        "total_unanswered": lambda i, ctx: i.total_unanswered,
        "total_users": lambda i, ctx: i.total_users,
        "total_votes": lambda i, ctx: i.total_votes,
    }


class InfoApi(V2Api):
    """`GET /info`."""

    item_type = "info"

    def get(self, request):
        return self.wrap([InfoShape.render(team_info(team=request.team), self.context())])

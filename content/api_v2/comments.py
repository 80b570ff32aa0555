"""API v2.3 reads of comments: `/comments`, `/comments/{ids}`, `/questions/{ids}/comments`
(under the questions themselves), `/answers/{ids}/comments`, `/posts/{ids}/comments`
(under any of these posts). Sorts creation (default) and votes (the comment's score)."""

from ..selectors.post_lists import comment_v2_list
from .lists import COMMENT_SORTS, ListApi
from .posts import CommentShape


class CommentListBase(ListApi):
    shape = CommentShape
    item_type = "comment"
    sorts = COMMENT_SORTS
    default_sort = "creation"

    def comments(self, **criteria):
        return self.page(comment_v2_list(team=self.request.team, **self.list_args(), **criteria))


class CommentListApi(CommentListBase):
    """`GET /comments`: every comment on the team's posts."""

    def get(self, request):
        return self.comments()


class CommentDetailApi(CommentListBase):
    """`GET /comments/{ids}`."""

    def get(self, request, ids):
        return self.comments(comment_ids=self.ids())


class QuestionCommentsApi(CommentListBase):
    """`GET /questions/{ids}/comments`: the comments under these questions (not under
    their answers)."""

    def get(self, request, ids):
        return self.comments(question_ids=self.ids())


class AnswerCommentsApi(CommentListBase):
    """`GET /answers/{ids}/comments`."""

    def get(self, request, ids):
        return self.comments(answer_ids=self.ids())


class PostCommentsApi(CommentListBase):
    """`GET /posts/{ids}/comments`: under any of these posts, whatever their kind."""

    def get(self, request, ids):
        return self.comments(post_ids=self.ids())

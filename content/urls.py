from tokens.routing import team_scoped

from . import api
from .models import Vote

Q = "questions/<int:questionId>"
A = f"{Q}/answers/<int:answerId>"

urlpatterns = [
    *team_scoped("questions", api.QuestionListApi.as_view(), name="questions"),
    *team_scoped(Q, api.QuestionDetailApi.as_view(), name="question-detail"),
    *team_scoped(f"{Q}/upvote", api.QuestionVoteApi.as_view(value=Vote.UP), name="question-upvote"),
    *team_scoped(
        f"{Q}/downvote", api.QuestionVoteApi.as_view(value=Vote.DOWN), name="question-downvote"
    ),
    *team_scoped(f"{Q}/comments", api.QuestionCommentListApi.as_view(), name="question-comments"),
    *team_scoped(f"{Q}/answers", api.AnswerListApi.as_view(), name="answers"),
    *team_scoped(A, api.AnswerDetailApi.as_view(), name="answer-detail"),
    *team_scoped(f"{A}/upvote", api.AnswerVoteApi.as_view(value=Vote.UP), name="answer-upvote"),
    *team_scoped(
        f"{A}/downvote", api.AnswerVoteApi.as_view(value=Vote.DOWN), name="answer-downvote"
    ),
    *team_scoped(f"{A}/accept", api.AnswerAcceptApi.as_view(), name="answer-accept"),
    *team_scoped(f"{A}/comments", api.AnswerCommentListApi.as_view(), name="answer-comments"),
    *team_scoped("tags", api.TagListApi.as_view(), name="tags"),
    *team_scoped("tags/<int:tagId>", api.TagDetailApi.as_view(), name="tag-detail"),
    *team_scoped("users", api.UserListApi.as_view(), name="users"),
    *team_scoped("users/me", api.UserMeApi.as_view(), name="users-me"),
    *team_scoped("users/by-email/<str:email>", api.UserByEmailApi.as_view(), name="user-by-email"),
    *team_scoped("users/<int:userId>", api.UserDetailApi.as_view(), name="user-detail"),
    *team_scoped("search", api.SearchApi.as_view(), name="search"),
]

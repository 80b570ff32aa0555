"""API v2.3 routes (`/api/2.3/…`). The team is the `team=` query parameter, or the token's
own; each resource's routes in its own list."""

from django.urls import path, re_path

from . import (
    answers,
    articles,
    comments,
    filters_api,
    info,
    post_writes,
    posts_api,
    questions,
    tags,
    users,
)
from .errors import v2_no_method

filter_urls = [
    path("filters/create", filters_api.FilterCreateApi.as_view(), name="filter-create"),
    path("filters/<str:filters>", filters_api.FilterDetailApi.as_view(), name="filter-detail"),
]

info_urls = [
    path("info", info.InfoApi.as_view(), name="info"),
]

user_urls = [
    path("users", users.UserListApi.as_view(), name="user-list"),
    path("users/<str:ids>", users.UserDetailApi.as_view(), name="user-detail"),
    path(
        "users/<str:ids>/reputation-history",
        users.ReputationHistoryApi.as_view(),
        name="user-reputation-history",
    ),
    path("me", users.MeApi.as_view(), name="me"),
    path(
        "me/reputation-history",
        users.MeReputationHistoryApi.as_view(),
        name="me-reputation-history",
    ),
]

tag_urls = [
    path("tags", tags.TagListApi.as_view(), name="tag-list"),
    path("tags/<str:tags>/info", tags.TagInfoApi.as_view(), name="tag-info"),
]

article_urls = [
    path("articles", articles.ArticleListApi.as_view(), name="article-list"),
    path("articles/add", articles.ArticleAddApi.as_view(), name="article-add"),
    path("articles/<int:id>/edit", articles.ArticleEditApi.as_view(), name="article-edit"),
    path("articles/<str:ids>", articles.ArticleDetailApi.as_view(), name="article-detail"),
]

# `{ids}`: a `;`-separated vector with at least one digit (so `questions/add` and other
# words are never taken for ids; a malformed vector is a 400 naming `ids`).
IDS = r"(?P<ids>[^/]*\d[^/]*)"

question_urls = [
    path("questions", questions.QuestionListApi.as_view(), name="question-list"),
    path(
        "questions/unanswered",
        questions.QuestionUnansweredApi.as_view(),
        name="question-unanswered",
    ),
    path(
        "questions/no-answers", questions.QuestionNoAnswersApi.as_view(), name="question-no-answers"
    ),
    re_path(rf"^questions/{IDS}$", questions.QuestionDetailApi.as_view(), name="question-detail"),
    re_path(
        rf"^questions/{IDS}/answers$",
        answers.QuestionAnswersApi.as_view(),
        name="question-answers",
    ),
    re_path(
        rf"^questions/{IDS}/comments$",
        comments.QuestionCommentsApi.as_view(),
        name="question-comments",
    ),
    re_path(
        rf"^questions/{IDS}/linked$", questions.QuestionLinkedApi.as_view(), name="question-linked"
    ),
    re_path(
        rf"^questions/{IDS}/related$",
        questions.QuestionRelatedApi.as_view(),
        name="question-related",
    ),
    re_path(
        rf"^users/{IDS}/questions$", questions.UserQuestionsApi.as_view(), name="user-questions"
    ),
    path("me/questions", questions.MeQuestionsApi.as_view(), name="me-questions"),
    path("search", questions.SearchApi.as_view(), name="search"),
    path("search/advanced", questions.SearchAdvancedApi.as_view(), name="search-advanced"),
    path("similar", questions.SimilarApi.as_view(), name="similar"),
]

answer_urls = [
    path("answers", answers.AnswerListApi.as_view(), name="answer-list"),
    re_path(rf"^answers/{IDS}$", answers.AnswerDetailApi.as_view(), name="answer-detail"),
    re_path(
        rf"^answers/{IDS}/comments$", comments.AnswerCommentsApi.as_view(), name="answer-comments"
    ),
    re_path(rf"^users/{IDS}/answers$", answers.UserAnswersApi.as_view(), name="user-answers"),
    path("me/answers", answers.MeAnswersApi.as_view(), name="me-answers"),
]

comment_urls = [
    path("comments", comments.CommentListApi.as_view(), name="comment-list"),
    re_path(rf"^comments/{IDS}$", comments.CommentDetailApi.as_view(), name="comment-detail"),
]

post_urls = [
    path("posts", posts_api.PostListApi.as_view(), name="post-list"),
    re_path(rf"^posts/{IDS}$", posts_api.PostDetailApi.as_view(), name="post-detail"),
    re_path(rf"^posts/{IDS}/comments$", comments.PostCommentsApi.as_view(), name="post-comments"),
]

# A write's `{id}`: one post or comment id (a malformed one is no method).
ID = r"(?P<id>\d{1,19})"
W = post_writes

post_write_urls = [
    path("questions/add", W.QuestionAddApi.as_view(), name="question-add"),
    re_path(rf"^questions/{ID}/edit$", W.QuestionEditApi.as_view(), name="question-edit"),
    re_path(rf"^questions/{ID}/delete$", W.QuestionDeleteApi.as_view(), name="question-delete"),
    re_path(rf"^questions/{ID}/answers/add$", W.AnswerAddApi.as_view(), name="answer-add"),
    re_path(rf"^answers/{ID}/edit$", W.AnswerEditApi.as_view(), name="answer-edit"),
    re_path(rf"^answers/{ID}/delete$", W.AnswerDeleteApi.as_view(), name="answer-delete"),
    re_path(rf"^answers/{ID}/accept$", W.AnswerAcceptApi.as_view(), name="answer-accept"),
    re_path(
        rf"^answers/{ID}/accept/undo$",
        W.AnswerAcceptApi.as_view(undo=True),
        name="answer-accept-undo",
    ),
    *[
        re_path(
            rf"^{kind}s/{ID}/{direction}{suffix}$",
            W.VoteApi.as_view(kind=kind, value=value, undo=bool(suffix)),
            name=f"{kind}-{direction}{suffix.replace('/', '-')}",
        )
        for kind in ("question", "answer")
        for direction, value in (("upvote", 1), ("downvote", -1))
        for suffix in ("", "/undo")
    ],
    re_path(rf"^posts/{ID}/comments/add$", W.PostCommentAddApi.as_view(), name="comment-add"),
    re_path(rf"^comments/{ID}/edit$", W.CommentEditApi.as_view(), name="comment-edit"),
    re_path(rf"^comments/{ID}/delete$", W.CommentDeleteApi.as_view(), name="comment-delete"),
]

urlpatterns = [
    *filter_urls,
    *info_urls,
    *question_urls,
    *answer_urls,
    *comment_urls,
    *post_urls,
    *user_urls,
    *tag_urls,
    *article_urls,
    *post_write_urls,
    # Anything else under /api/2.3/ is a v2.3 `no_method` error.
    re_path(r"", v2_no_method, name="no-method"),
]

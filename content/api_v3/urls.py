"""API v3 routes of the content: each resource's routes, in both path forms (with and
without `/teams/{team}`, see `tokens.routing.team_scoped`)."""

from tokens.routing import team_scoped

from ..models import Vote
from . import (
    answers,
    articles,
    bookmarks,
    collections,
    comments,
    flags,
    groups,
    images,
    links,
    questions,
    search,
    tags,
    users,
)

Q = "questions/<int:questionId>"
A = f"{Q}/answers/<int:answerId>"
T = "tags/<int:tagId>"

question_urls = [
    *team_scoped("questions", questions.QuestionListApi.as_view(), name="questions"),
    *team_scoped(Q, questions.QuestionDetailApi.as_view(), name="question-detail"),
    *team_scoped(
        f"{Q}/upvote", questions.QuestionVoteApi.as_view(value=Vote.UP), name="question-upvote"
    ),
    *team_scoped(
        f"{Q}/downvote",
        questions.QuestionVoteApi.as_view(value=Vote.DOWN),
        name="question-downvote",
    ),
]

answer_urls = [
    *team_scoped(f"{Q}/answers", answers.AnswerListApi.as_view(), name="answers"),
    *team_scoped(A, answers.AnswerDetailApi.as_view(), name="answer-detail"),
    *team_scoped(f"{A}/upvote", answers.AnswerVoteApi.as_view(value=Vote.UP), name="answer-upvote"),
    *team_scoped(
        f"{A}/downvote", answers.AnswerVoteApi.as_view(value=Vote.DOWN), name="answer-downvote"
    ),
    *team_scoped(f"{A}/accept", answers.AnswerAcceptApi.as_view(), name="answer-accept"),
]

comment_urls = [
    *team_scoped(
        f"{Q}/comments", comments.QuestionCommentListApi.as_view(), name="question-comments"
    ),
    *team_scoped(f"{A}/comments", comments.AnswerCommentListApi.as_view(), name="answer-comments"),
]

tag_urls = [
    *team_scoped("tags", tags.TagListApi.as_view(), name="tags"),
    *team_scoped("tags/<int:tagId>", tags.TagDetailApi.as_view(), name="tag-detail"),
    *team_scoped(f"{T}/subject-matter-experts", tags.TagSmeApi.as_view(), name="tag-smes"),
    *team_scoped(
        f"{T}/subject-matter-experts/users", tags.TagSmeUsersAddApi.as_view(), name="tag-sme-users"
    ),
    *team_scoped(
        f"{T}/subject-matter-experts/user-groups",
        tags.TagSmeGroupsAddApi.as_view(),
        name="tag-sme-groups",
    ),
    *team_scoped(
        f"{T}/subject-matter-experts/users/<int:userId>",
        tags.TagSmeUserRemoveApi.as_view(),
        name="tag-sme-user",
    ),
    *team_scoped(
        f"{T}/subject-matter-experts/user-groups/<int:userGroupId>",
        tags.TagSmeGroupRemoveApi.as_view(),
        name="tag-sme-group",
    ),
    *team_scoped(f"{T}/tag-watchers", tags.TagWatchersApi.as_view(), name="tag-watchers"),
]

user_urls = [
    *team_scoped("users", users.UserListApi.as_view(), name="users"),
    *team_scoped("users/me", users.UserMeApi.as_view(), name="users-me"),
    *team_scoped(
        "users/by-email/<str:email>", users.UserByEmailApi.as_view(), name="user-by-email"
    ),
    *team_scoped(
        "users/by-external-id/<str:externalId>",
        users.UserByExternalIdApi.as_view(),
        name="user-by-external-id",
    ),
    *team_scoped("users/<int:userId>", users.UserDetailApi.as_view(), name="user-detail"),
    *team_scoped(
        "users/<int:userId>/watched-tags",
        tags.UserWatchedTagsApi.as_view(),
        name="user-watched-tags",
    ),
]

question_extra_urls = [
    *team_scoped(f"{Q}/linked", links.QuestionLinkedListApi.as_view(), name="question-linked"),
    *team_scoped(f"{Q}/related", links.QuestionRelatedListApi.as_view(), name="question-related"),
    *team_scoped(
        f"{Q}/bookmark", bookmarks.QuestionBookmarkApi.as_view(), name="question-bookmark"
    ),
    *team_scoped(
        f"{Q}/flags/options",
        flags.QuestionFlagOptionsApi.as_view(),
        name="question-flag-options",
    ),
    *team_scoped(f"{Q}/flags", flags.QuestionFlagApi.as_view(), name="question-flags"),
    *team_scoped(
        f"{A}/flags/options", flags.AnswerFlagOptionsApi.as_view(), name="answer-flag-options"
    ),
    *team_scoped(f"{A}/flags", flags.AnswerFlagApi.as_view(), name="answer-flags"),
]

AR = "articles/<int:articleId>"

article_urls = [
    *team_scoped("articles", articles.ArticleListApi.as_view(), name="articles"),
    *team_scoped(AR, articles.ArticleDetailApi.as_view(), name="article-detail"),
    *team_scoped(f"{AR}/upvote", articles.ArticleUpvoteApi.as_view(), name="article-upvote"),
    *team_scoped(
        f"{AR}/linked-questions",
        articles.ArticleLinkedQuestionListApi.as_view(),
        name="article-linked-questions",
    ),
    *team_scoped(
        f"{AR}/comments", articles.ArticleCommentListApi.as_view(), name="article-comments"
    ),
]

search_urls = [
    *team_scoped("search", search.SearchApi.as_view(), name="search"),
]

image_urls = [
    *team_scoped("images/upload", images.ImageUploadApi.as_view(), name="image-upload"),
    *team_scoped("images/<str:imageId>", images.ImageDetailApi.as_view(), name="image-detail"),
]

G = "user-groups/<int:userGroupId>"

user_group_urls = [
    *team_scoped("user-groups", groups.UserGroupListApi.as_view(), name="user-groups"),
    *team_scoped(G, groups.UserGroupDetailApi.as_view(), name="user-group-detail"),
    *team_scoped(f"{G}/members", groups.UserGroupMembersApi.as_view(), name="user-group-members"),
    *team_scoped(
        f"{G}/members/<int:userId>",
        groups.UserGroupMemberApi.as_view(),
        name="user-group-member",
    ),
]

collection_urls = [
    *team_scoped("collections", collections.CollectionListApi.as_view(), name="collections"),
    *team_scoped(
        "collections/<int:collectionId>",
        collections.CollectionDetailApi.as_view(),
        name="collection-detail",
    ),
]

urlpatterns = [
    *question_urls,
    *answer_urls,
    *comment_urls,
    *tag_urls,
    *user_urls,
    *search_urls,
    *image_urls,
    *question_extra_urls,
    *user_group_urls,
    *collection_urls,
    *article_urls,
]

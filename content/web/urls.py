"""Routes of the content's web face.

Every team page lives under `teams/<slug:team>/` and is wrapped by
`content.web.common.team_page` (members only). Paths match `content.urls_paths`, the one
source of every face's links; `tests/content/test_web_paths.py` checks that each of its
functions resolves to the right page.
"""

from django.urls import include, path

from . import (
    answers,
    articles,
    collections,
    comments,
    home,
    images,
    questions,
    search,
    tags,
    users,
)

# Under /teams/<team>/questions/<id>/: the question page and everything done on it.
question_routes = [
    path("", questions.question_page, name="web-question"),
    path("edit/", questions.question_edit, name="web-question-edit"),
    path("delete/", questions.question_delete, name="web-question-delete"),
    path("vote/", questions.question_vote, name="web-question-vote"),
    path("bookmark/", questions.question_bookmark, name="web-question-bookmark"),
    path("watch/", questions.question_watch, name="web-question-watch"),
    path("comments/", comments.question_comment_create, name="web-question-comment"),
    path(
        "comments/<int:comment_id>/edit/",
        comments.comment_edit,
        name="web-question-comment-edit",
    ),
    path(
        "comments/<int:comment_id>/delete/",
        comments.comment_delete,
        name="web-question-comment-delete",
    ),
    path("answers/", answers.answer_create, name="web-question-answer"),
    path("answers/<int:answer_id>/edit/", answers.answer_edit, name="web-question-answer-edit"),
    path(
        "answers/<int:answer_id>/delete/",
        answers.answer_delete,
        name="web-question-answer-delete",
    ),
    path("answers/<int:answer_id>/vote/", answers.answer_vote, name="web-question-answer-vote"),
    path(
        "answers/<int:answer_id>/accept/",
        answers.answer_accept,
        name="web-question-answer-accept",
    ),
    path(
        "answers/<int:answer_id>/comments/",
        comments.answer_comment_create,
        name="web-question-answer-comment",
    ),
]

# Under /teams/<team>/articles/<id>/: the article page and everything done on it.
article_routes = [
    path("", articles.article, name="web-article"),
    path("edit/", articles.article_edit, name="web-article-edit"),
    path("delete/", articles.article_delete, name="web-article-delete"),
    path("upvote/", articles.article_upvote, name="web-article-upvote"),
    path("comments/", articles.article_comment, name="web-article-comment"),
    path(
        "comments/<int:comment_id>/edit/",
        articles.article_comment_edit,
        name="web-article-comment-edit",
    ),
    path(
        "comments/<int:comment_id>/delete/",
        articles.article_comment_delete,
        name="web-article-comment-delete",
    ),
]

# Under /teams/<team>/collections/<id>/.
collection_routes = [
    path("", collections.collection, name="web-collection"),
    path("edit/", collections.collection_edit, name="web-collection-edit"),
    path("delete/", collections.collection_delete, name="web-collection-delete"),
]

urlpatterns = [
    path("teams/<slug:team>/images/<str:image_id>", images.image, name="team-image"),
    # --- Questions, answers, comments, search (webq) ------------------------------------
    path("teams/<slug:team>/", home.team_home, name="web-team-home"),
    path("teams/<slug:team>/questions/ask/", questions.ask, name="web-ask"),
    path("teams/<slug:team>/questions/<int:question_id>/", include(question_routes)),
    path("teams/<slug:team>/search/", search.search, name="web-search"),
    path("teams/<slug:team>/preview/", questions.markdown_preview, name="web-preview"),
    # Team-less links of earlier API versions: to the post's page in its team.
    path("questions/<int:question_id>/", questions.old_question, name="web-old-question"),
    path("articles/<int:article_id>/", questions.old_article, name="web-old-article"),
    # --- Tags, users, articles, collections (webb) --------------------------------------
    path("teams/<slug:team>/tags/", tags.tag_index, name="web-tags"),
    path("teams/<slug:team>/questions/tagged/<str:name>/", tags.tag, name="web-tag"),
    path("teams/<slug:team>/tags/<int:tag_id>/watch/", tags.tag_watch, name="web-tag-watch"),
    path("teams/<slug:team>/users/", users.user_index, name="web-users"),
    path("teams/<slug:team>/users/<int:user_id>/", users.user, name="web-user"),
    path("teams/<slug:team>/articles/", articles.article_index, name="web-articles"),
    path("teams/<slug:team>/articles/new/", articles.article_new, name="web-article-new"),
    path("teams/<slug:team>/articles/<int:article_id>/", include(article_routes)),
    path("teams/<slug:team>/collections/", collections.collection_index, name="web-collections"),
    path(
        "teams/<slug:team>/collections/new/",
        collections.collection_new,
        name="web-collection-new",
    ),
    path("teams/<slug:team>/collections/<int:collection_id>/", include(collection_routes)),
]

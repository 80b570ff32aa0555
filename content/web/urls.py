"""Routes of the content's web face.

Every team page lives under `teams/<slug:team>/` and is wrapped by
`content.web.common.team_page` (members only). Paths match `content.urls_paths`, the one
source of every face's links; `tests/content/test_web_paths.py` checks that each of its
functions resolves to the right page.
"""

from django.urls import path

from . import articles, collections, home, images, tags, users

urlpatterns = [
    path("teams/<slug:team>/images/<str:image_id>", images.image, name="team-image"),
    # --- Questions, answers, comments, search (webq) ------------------------------------
    path("teams/<slug:team>/", home.team_home, name="web-team-home"),
    # --- Tags, users, articles, collections (webb) --------------------------------------
    path("teams/<slug:team>/tags/", tags.tag_index, name="web-tags"),
    path("teams/<slug:team>/questions/tagged/<str:name>/", tags.tag, name="web-tag"),
    path("teams/<slug:team>/tags/<int:tag_id>/watch/", tags.tag_watch, name="web-tag-watch"),
    path("teams/<slug:team>/users/", users.user_index, name="web-users"),
    path("teams/<slug:team>/users/<int:user_id>/", users.user, name="web-user"),
    path("teams/<slug:team>/articles/", articles.article_index, name="web-articles"),
    path("teams/<slug:team>/articles/new/", articles.article_new, name="web-article-new"),
    path("teams/<slug:team>/articles/<int:article_id>/", articles.article, name="web-article"),
    path(
        "teams/<slug:team>/articles/<int:article_id>/edit/",
        articles.article_edit,
        name="web-article-edit",
    ),
    path(
        "teams/<slug:team>/articles/<int:article_id>/delete/",
        articles.article_delete,
        name="web-article-delete",
    ),
    path(
        "teams/<slug:team>/articles/<int:article_id>/upvote/",
        articles.article_upvote,
        name="web-article-upvote",
    ),
    path(
        "teams/<slug:team>/articles/<int:article_id>/comments/",
        articles.article_comment,
        name="web-article-comment",
    ),
    path("teams/<slug:team>/collections/", collections.collection_index, name="web-collections"),
    path(
        "teams/<slug:team>/collections/new/",
        collections.collection_new,
        name="web-collection-new",
    ),
    path(
        "teams/<slug:team>/collections/<int:collection_id>/",
        collections.collection,
        name="web-collection",
    ),
    path(
        "teams/<slug:team>/collections/<int:collection_id>/edit/",
        collections.collection_edit,
        name="web-collection-edit",
    ),
    path(
        "teams/<slug:team>/collections/<int:collection_id>/delete/",
        collections.collection_delete,
        name="web-collection-delete",
    ),
]

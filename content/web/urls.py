"""Routes of the content's web face.

Every team page lives under `teams/<slug:team>/` and is wrapped by
`content.web.common.team_page` (members only). Paths match `content.urls_paths`, the one
source of every face's links; `tests/content/test_web_paths.py` checks that each of its
functions resolves to the right page.
"""

from django.urls import path

from . import home, images

urlpatterns = [
    path("teams/<slug:team>/images/<str:image_id>", images.image, name="team-image"),
    # --- Questions, answers, comments, search (webq) ------------------------------------
    path("teams/<slug:team>/", home.team_home, name="web-team-home"),
    # --- Tags, users, articles, collections (webb) --------------------------------------
    # web-tags, web-tag, web-users, web-user, web-articles, web-article, web-article-…,
    # web-collections, web-collection go here.
]

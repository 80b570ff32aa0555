"""Every path `content.urls_paths` hands out (API `webUrl`s, the pages' own links) resolves
to the page it names. One row per function; each helper adds the rows of its pages."""

import pytest
from django.urls import resolve

from content import urls_paths

ROWS = [
    (urls_paths.team_path("business-team"), "web-team-home", {"team": "business-team"}),
    (urls_paths.tags_path("business-team"), "web-tags", {"team": "business-team"}),
    (
        urls_paths.tag_path("business-team", "python"),
        "web-tag",
        {"team": "business-team", "name": "python"},
    ),
    (urls_paths.users_path("business-team"), "web-users", {"team": "business-team"}),
    (urls_paths.user_path("business-team", 7), "web-user", {"team": "business-team", "user_id": 7}),
    (urls_paths.articles_path("business-team"), "web-articles", {"team": "business-team"}),
    (
        urls_paths.article_path("business-team", 12),
        "web-article",
        {"team": "business-team", "article_id": 12},
    ),
    (urls_paths.collections_path("business-team"), "web-collections", {"team": "business-team"}),
    (
        urls_paths.collection_path("business-team", 3),
        "web-collection",
        {"team": "business-team", "collection_id": 3},
    ),
]


@pytest.mark.parametrize(("path", "url_name", "kwargs"), ROWS, ids=[row[1] for row in ROWS])
def test_path_resolves_to_its_page(path, url_name, kwargs):
    match = resolve(path.split("#")[0])
    assert match.url_name == url_name
    assert match.kwargs == kwargs

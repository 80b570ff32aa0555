"""Every path `content.urls_paths` hands out (API `webUrl`s, the pages' own links) resolves
to the page it names. One row per function; each helper adds the rows of its pages."""

import pytest
from django.urls import resolve

from content import urls_paths

T = "business-team"
ROWS = [
    (urls_paths.team_path(T), "web-team-home", {"team": T}),
    (urls_paths.question_path(T, 7), "web-question", {"team": T, "question_id": 7}),
    (urls_paths.answer_path(T, 7, 9), "web-question", {"team": T, "question_id": 7}),
    (
        urls_paths.comment_path(T, question_id=7, article_id=None, comment_id=3, post_id=9),
        "web-question",
        {"team": T, "question_id": 7},
    ),
    (urls_paths.ask_path(T), "web-ask", {"team": T}),
    (urls_paths.search_path(T), "web-search", {"team": T}),
    (urls_paths.preview_path(T), "web-preview", {"team": T}),
    (urls_paths.tags_path(T), "web-tags", {"team": T}),
    (urls_paths.tag_path(T, "python"), "web-tag", {"team": T, "name": "python"}),
    (urls_paths.users_path(T), "web-users", {"team": T}),
    (urls_paths.user_path(T, 7), "web-user", {"team": T, "user_id": 7}),
    (urls_paths.articles_path(T), "web-articles", {"team": T}),
    (urls_paths.article_path(T, 12), "web-article", {"team": T, "article_id": 12}),
    (
        urls_paths.comment_path(T, question_id=None, article_id=12, comment_id=3, post_id=12),
        "web-article",
        {"team": T, "article_id": 12},
    ),
    (urls_paths.collections_path(T), "web-collections", {"team": T}),
    (urls_paths.collection_path(T, 3), "web-collection", {"team": T, "collection_id": 3}),
]


@pytest.mark.parametrize(("path", "url_name", "kwargs"), ROWS, ids=[row[1] for row in ROWS])
def test_path_resolves_to_its_page(path, url_name, kwargs):
    match = resolve(path.split("#")[0])
    assert match.url_name == url_name
    assert match.kwargs == kwargs

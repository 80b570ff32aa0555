"""Every path `content.urls_paths` hands out (API `webUrl`s, the pages' own links) resolves
to the page it names. One row per function; each helper adds the rows of its pages."""

import pytest
from django.urls import resolve

from content import urls_paths

ROWS = [
    (urls_paths.team_path("business-team"), "web-team-home", {"team": "business-team"}),
]


@pytest.mark.parametrize(("path", "url_name", "kwargs"), ROWS, ids=[row[1] for row in ROWS])
def test_path_resolves_to_its_page(path, url_name, kwargs):
    match = resolve(path.split("#")[0])
    assert match.url_name == url_name
    assert match.kwargs == kwargs

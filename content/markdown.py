"""Markdown → safe HTML, rendered once at write time (never per read).

markdown-it-py parses CommonMark (plus tables); nh3 (ammonia) then keeps only a list of
harmless tags and attributes: no `<script>`, no `on*` event handlers, no `javascript:` or
`data:` URLs, and every link gets `rel="nofollow noopener"`.

Images: only the team's own uploads are shown. An `<img src>` that is one of our image URLs
(the API's `…/api/v3/teams/<team>/images/<id>` as `POST /images/upload` returns it, with or
without a host, or the browser route `/teams/<team>/images/<id>`) is pointed at the
members-only browser route, which a browser can load with its session cookie; any other
source is dropped, so a post never makes its readers' browsers call a foreign server.
"""

import re

import nh3
from django.urls import reverse
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark").enable("table")

_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    # Fenced code keeps its language class (`language-python`) for highlighting.
    "code": {"class"},
}
_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener"
_TEAM_IMAGE_URL = re.compile(
    r"(?:https?://[^/?#\s]+)?/(?:api/v3/)?teams/(?P<team>[-a-zA-Z0-9_]+)"
    r"/images/(?P<image_id>[0-9a-fA-F-]{32,36})/?"
)


def team_image_src(url: str) -> str | None:
    """The browser route of one of our image URLs, or None for any other URL."""
    match = _TEAM_IMAGE_URL.fullmatch(url.strip())
    if match is None:
        return None
    return reverse("team-image", kwargs=match.groupdict())


def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src":
        return team_image_src(value)
    return value


def render_markdown(source: str) -> str:
    """The sanitised HTML of a Markdown source."""
    return sanitize_html(_markdown.render(source))


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(nh3.ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes=_ATTRIBUTES,
        attribute_filter=_attribute_filter,
        link_rel=LINK_REL,
        url_schemes=_URL_SCHEMES,
    )

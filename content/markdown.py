"""Markdown → safe HTML, rendered once at write time (never per read).

markdown-it-py parses CommonMark (plus tables); nh3 (ammonia) then keeps only a list of
harmless tags and attributes: no `<script>`, no `on*` event handlers, no `javascript:` or
`data:` URLs, and every link gets `rel="nofollow noopener"`.
"""

import nh3
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark").enable("table")

_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    # Fenced code keeps its language class (`language-python`) for highlighting.
    "code": {"class"},
}
_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener"


def render_markdown(source: str) -> str:
    """The sanitised HTML of a Markdown source."""
    return sanitize_html(_markdown.render(source))


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(nh3.ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes=_ATTRIBUTES,
        link_rel=LINK_REL,
        url_schemes=_URL_SCHEMES,
    )

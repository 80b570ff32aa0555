"""Where things live on the web, for every face (API v3 `webUrl`/`shareUrl`, API v2.3
`link`, the web pages' own links).

Every page is team-scoped, as Stack Internal's are (`/c/<team>/questions/<id>`): a page
lives under `/teams/<team>/`. The web face's routes (`content/web/urls.py`) match these
paths; `tests/content/test_web_paths.py` checks that each one resolves to its page.
`content/links.py` recognises the same paths (and the older team-less ones) in Markdown
bodies.
"""

from urllib.parse import quote


def team_path(team_slug: str) -> str:
    return f"/teams/{team_slug}/"


def question_path(team_slug: str, question_id: int) -> str:
    return f"/teams/{team_slug}/questions/{question_id}/"


def answer_path(team_slug: str, question_id: int, answer_id: int) -> str:
    return f"{question_path(team_slug, question_id)}#answer-{answer_id}"


def article_path(team_slug: str, article_id: int) -> str:
    return f"/teams/{team_slug}/articles/{article_id}/"


def comment_path(
    team_slug: str,
    *,
    question_id: int | None,
    article_id: int | None,
    comment_id: int,
    post_id: int,
) -> str:
    """A comment's anchor on its post's page, as Stack writes it (`#comment<id>_<post id>`)."""
    if question_id:
        page = question_path(team_slug, question_id)
    else:
        page = article_path(team_slug, article_id)
    return f"{page}#comment{comment_id}_{post_id}"


def tag_path(team_slug: str, tag_name: str) -> str:
    return f"/teams/{team_slug}/questions/tagged/{quote(tag_name, safe='')}/"


def user_path(team_slug: str, user_id: int) -> str:
    return f"/teams/{team_slug}/users/{user_id}/"


def collection_path(team_slug: str, collection_id: int) -> str:
    return f"/teams/{team_slug}/collections/{collection_id}/"


# --- Team pages without an API counterpart (the web face's own links) ------------------


def ask_path(team_slug: str) -> str:
    return f"/teams/{team_slug}/questions/ask/"


def search_path(team_slug: str) -> str:
    return f"/teams/{team_slug}/search/"


def preview_path(team_slug: str) -> str:
    """Where the editor's live preview POSTs a Markdown body."""
    return f"/teams/{team_slug}/preview/"


def tags_path(team_slug: str) -> str:
    return f"/teams/{team_slug}/tags/"


def users_path(team_slug: str) -> str:
    return f"/teams/{team_slug}/users/"


def articles_path(team_slug: str) -> str:
    return f"/teams/{team_slug}/articles/"


def collections_path(team_slug: str) -> str:
    return f"/teams/{team_slug}/collections/"

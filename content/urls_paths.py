"""Where a post lives on the web, for every face (API v3 `webUrl`, API v2.3 `link`).

There is no HTML question page yet: these are the paths it will have, so links written
today keep working. `content/links.py` recognises the same paths in Markdown bodies.
"""


def question_path(question_id: int) -> str:
    return f"/questions/{question_id}/"


def answer_path(question_id: int, answer_id: int) -> str:
    return f"{question_path(question_id)}#answer-{answer_id}"


def article_path(article_id: int) -> str:
    return f"/articles/{article_id}/"


def comment_path(*, question_id: int | None, article_id: int | None, comment_id: int, post_id: int):
    """A comment's anchor on its post's page, as Stack writes it (`#comment<id>_<post id>`)."""
    page = question_path(question_id) if question_id else article_path(article_id)
    return f"{page}#comment{comment_id}_{post_id}"

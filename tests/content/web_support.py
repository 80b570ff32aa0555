"""Helpers of the web page tests (fixtures `login` and `admin` are in conftest.py): paths,
a fresh one-time form key, the refusal notices next to posts, following a redirect."""

import re
from http import HTTPStatus

from content import services, urls_paths


def key() -> str:
    return services.submission_key_new()


def page_of(question) -> str:
    return urls_paths.question_path(question.team.slug, question.pk)


def action(question, tail: str) -> str:
    return f"{page_of(question)}{tail}"


def notices(html: str) -> list[str]:
    """The texts of the refusal notices next to posts (`.post-notice`)."""
    blocks = re.findall(r'<div class="post-notice" role="alert">(.*?)</div>', html, re.S)
    return [re.sub(r"<[^>]+>", "", block).strip() for block in blocks]


def follow(client, response):
    """GET the page a redirect points at (without its #anchor)."""
    assert response.status_code == HTTPStatus.FOUND, response.status_code
    return client.get(response["Location"].split("#")[0])

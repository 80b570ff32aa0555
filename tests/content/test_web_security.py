"""The team pages' safety: headers (no framing, CSP without inline scripts), CSRF on every
form, escaped text, sanitised bodies, no user HTML in attributes; the preview endpoint;
the team-less links of earlier API versions."""

import re
from http import HTTPStatus

import pytest
from django.test import Client

from content import urls_paths
from tests.content.web_support import key, page_of
from tests.factories import (
    AnswerFactory,
    ArticleFactory,
    CommentFactory,
    MembershipFactory,
    QuestionFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
HOSTILE_BODY = (
    '<script>alert(3)</script><a href="javascript:alert(4)">x</a>'
    '<img src="https://evil.example/p.png" onerror="alert(5)">'
    '[click](javascript:alert(6)) <div onclick="alert(7)">d</div>'
)


@pytest.fixture
def hostile(team, member):
    question = QuestionFactory(
        team=team, owner=member, title=HOSTILE_TITLE, body_markdown=HOSTILE_BODY, tags=["x"]
    )
    answer = AnswerFactory(question=question, body_markdown=HOSTILE_BODY)
    CommentFactory(question=question, answer=answer, body_markdown=HOSTILE_BODY)
    return question


def _event_handlers(html: str) -> list[str]:
    """`on…=` attributes of the page's tags (attribute values, escaped text, left out)."""
    found = []
    for tag in re.findall(r"<[a-zA-Z][^>]*>", html):
        bare = re.sub(r'"[^"]*"', '""', tag)
        found += re.findall(r"\son\w+\s*=", bare)
    return found


def _pages(team, question) -> list[str]:
    return [
        urls_paths.team_path(team.slug),
        page_of(question),
        f"{page_of(question)}edit/",
        urls_paths.ask_path(team.slug),
        f"{urls_paths.search_path(team.slug)}?q=alert",
    ]


def test_no_script_no_handler_no_javascript_url_reaches_a_page(login, team, member, hostile):
    client = login(member)
    for path in _pages(team, hostile):
        html = client.get(path).content.decode()
        assert "<script>alert" not in html, path
        assert not _event_handlers(html), path
        assert not re.search(r"(href|src)=\"\s*javascript:", html), path
        assert 'src="https://evil.example' not in html, path
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert all(' src="/static/' in tag for tag in scripts), (path, scripts)


def test_user_text_in_attributes_is_escaped(login, team, member, hostile):
    html = login(member).get(page_of(hostile)).content.decode()
    # The title appears as text (h1, <title>) and in the aria-label of nothing: escaped.
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in html
    for attribute in re.findall(r'\s[\w-]+="([^"]*)"', html):
        assert "<" not in attribute and ">" not in attribute


def test_headers_forbid_framing_and_inline_scripts(login, team, member, hostile):
    client = login(member)
    for path in _pages(team, hostile):
        response = client.get(path)
        assert response["X-Frame-Options"] == "DENY", path
        policy = response["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]*)", policy).group(1)
        assert "unsafe-inline" not in script_src and "unsafe-eval" not in script_src
        assert "frame-ancestors 'none'" in policy


def test_every_post_form_carries_the_csrf_token(login, team, member, hostile):
    client = login(member)
    for path in _pages(team, hostile):
        html = client.get(path).content.decode()
        for form in re.findall(r"<form\b[^>]*>.*?</form>", html, re.S):
            if 'method="post"' in form:
                assert 'name="csrfmiddlewaretoken"' in form, (path, form[:120])


def test_a_post_without_the_csrf_token_is_refused(team, member, hostile):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post(f"{page_of(hostile)}answers/", {"body": "x", "submission_key": key()})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert hostile.answers.count() == 1


# --- Preview endpoint (the editor's live preview) ----------------------------------------


def test_preview_returns_the_sanitised_html(login, team, member):
    response = login(member).post(
        urls_paths.preview_path(team.slug), {"body": HOSTILE_BODY + "\n\n*ok*"}
    )
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "<em>ok</em>" in html
    assert "<script" not in html and "onerror" not in html and 'href="javascript:' not in html


def test_preview_too_long_is_400_and_get_is_405(login, team, member):
    client = login(member)
    response = client.post(urls_paths.preview_path(team.slug), {"body": "x" * 30_001})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert client.get(urls_paths.preview_path(team.slug)).status_code == 405


def test_preview_is_for_members_only(client, login, team):
    assert client.post(urls_paths.preview_path(team.slug), {"body": "x"}).status_code == 302
    outsider = login(UserFactory())
    assert outsider.post(urls_paths.preview_path(team.slug), {"body": "x"}).status_code == 404


# --- Team-less links (/questions/<id>/, /articles/<id>/) -----------------------------------


def test_old_question_and_article_links_go_to_the_team_page(login, team, member):
    question = QuestionFactory(team=team)
    article = ArticleFactory(team=team)
    client = login(member)
    response = client.get(f"/questions/{question.pk}/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == urls_paths.question_path(team.slug, question.pk)
    response = client.get(f"/articles/{article.pk}/")
    assert response["Location"] == urls_paths.article_path(team.slug, article.pk)


def test_old_links_are_404_for_non_members_and_unknown_ids(login, team):
    question = QuestionFactory(team=team)
    outsider = login(MembershipFactory(team=TeamFactory()).user)
    assert outsider.get(f"/questions/{question.pk}/").status_code == HTTPStatus.NOT_FOUND
    assert outsider.get(f"/questions/{2**70}/").status_code == HTTPStatus.NOT_FOUND
    assert outsider.get("/articles/999999/").status_code == HTTPStatus.NOT_FOUND


def test_old_links_send_anonymous_visitors_to_log_in_first(client, team):
    question = QuestionFactory(team=team)
    response = client.get(f"/questions/{question.pk}/")
    assert response["Location"] == f"/users/login/?next=/questions/{question.pk}/"

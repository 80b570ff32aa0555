"""The search page: the API's search, matches highlighted (escaped), the syntax hint,
errors for what cannot be searched, pagination and the query count."""

from http import HTTPStatus

import pytest

from content import urls_paths
from content.selectors.search_excerpts import (
    excerpt_around,
    mark_terms,
    plain_text,
    query_terms,
    split_marked,
)
from content.web import search as search_views
from tests.factories import AnswerFactory, ArticleFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db


def search(client, team, **params):
    return client.get(urls_paths.search_path(team.slug), params)


def test_finds_questions_and_articles_with_the_matches_marked(login, team, member):
    question = QuestionFactory(team=team, title="Rotating the export token", body_markdown="b")
    ArticleFactory(team=team, title="Token policy", body_markdown="Never share a **token**.")
    QuestionFactory(title="Another team's token question")
    response = search(login(member), team, q="token")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert response.context["page"].total_count == 2
    assert f'href="{urls_paths.question_path(team.slug, question.pk)}"' in html
    assert "<mark>token</mark>" in html.lower() or "<mark>Token</mark>" in html
    assert "Never share a <mark>token</mark>" in html  # Markdown syntax left out
    assert "Another team" not in html


def test_a_question_is_found_by_its_answers(login, team, member):
    question = QuestionFactory(team=team, title="Slow export", body_markdown="It is slow.")
    AnswerFactory(question=question, body_markdown="Add a covering index.")
    response = search(login(member), team, q="covering")
    assert [item.pk for item in response.context["page"].items] == [question.pk]


def test_what_is_searched_for_is_escaped_everywhere(login, team, member):
    QuestionFactory(
        team=team, title="About <b>tags</b> in titles", body_markdown="<script>x</script>"
    )
    html = search(login(member), team, q="<b>tags</b>").content.decode()
    assert "<b>tags</b>" not in html
    assert "&lt;b&gt;" in html


def test_the_hint_explains_the_websearch_syntax(login, team, member):
    html = search(login(member), team).content.decode()
    assert '<code>"exact phrase"</code>' in html.replace("&quot;", '"')
    assert "<code>-word</code>" in html and "<code>or</code>" in html
    assert 'aria-describedby="search-hint"' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("x" * 501, search_views.QUERY_TOO_LONG_MESSAGE),
        ("nul\x00byte", search_views.QUERY_CONTROL_MESSAGE),
    ],
)
def test_a_query_that_cannot_be_searched_is_a_form_error(login, team, member, query, message):
    response = search(login(member), team, q=query)
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert response.context["page"] is None


def test_sorts_and_pages_keep_the_query(login, team, member, monkeypatch):
    monkeypatch.setattr(search_views, "PAGE_SIZE", 2)
    for n in range(3):
        QuestionFactory(team=team, title=f"widget {n}", score=n)
    client = login(member)
    response = search(client, team, q="widget", sort="score")
    assert [q.title for q in response.context["page"].items] == ["widget 2", "widget 1"]
    html = response.content.decode()
    assert 'href="?q=widget&amp;sort=score&amp;page=2" rel="next"' in html
    assert search(client, team, q="widget", sort="bogus").context["sort"] == "relevance"


def test_non_member_404(login, team):
    assert search(login(UserFactory()), team, q="x").status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("rows", [1, 20])
def test_query_count_is_constant(login, team, member, rows, django_assert_max_num_queries):
    for n in range(rows):
        QuestionFactory(team=team, title=f"widget {n}", tags=["a", "b"])
        ArticleFactory(team=team, title=f"widget article {n}")
    client = login(member)
    # session, user, membership, the search window (count and keys), questions, articles,
    # tags, highlights (on PostgreSQL), the switcher's teams.
    with django_assert_max_num_queries(9):
        response = search(client, team, q="widget")
    assert len(response.context["results"]) == min(2 * rows, 30)


# --- The highlighting helpers ------------------------------------------------------------------


def test_query_terms_keep_words_and_phrases_not_exclusions():
    assert query_terms('"nightly export" -staging or vpn') == ["nightly export", "vpn"]


def test_mark_terms_is_case_insensitive_and_prefers_longer_terms():
    assert mark_terms("Token tokens", ["token"]) == [
        ("Token", True),
        (" ", False),
        ("token", True),
        ("s", False),
    ]


def test_excerpt_is_cut_around_the_first_match():
    text = "lorem " * 100 + "needle " + "ipsum " * 100
    excerpt = excerpt_around(text, ["needle"])
    assert "needle" in excerpt and excerpt.startswith("… ") and excerpt.endswith(" …")
    assert len(excerpt) < 260


def test_plain_text_drops_markdown_noise():
    source = "**Bold** and `code` [link](https://x) |a|b|\n|---|---|\n```sh\nrun\n```"
    assert plain_text(source) == "Bold and code link a b run"


def test_split_marked_reads_ts_headline_markers_and_drops_stray_ones():
    assert split_marked("a \x02b\x03 c \x02d") == [("a ", False), ("b", True), (" c d", False)]

"""Browsing a team in Chromium as a person does: tags → a tag → its question; writing an
article with the live Markdown preview, commenting on it; a member's page; a collection."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from content import services
from content.models import Article, Collection
from content.urls_paths import article_path, tags_path, team_path
from teams.plans import Plan
from tests.factories import (
    DEFAULT_PASSWORD,
    MembershipFactory,
    QuestionFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _watch_csp(page) -> list[str]:
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def _log_in(page, live_server, user, next_path: str):
    page.goto(f"{live_server.url}{reverse('login')}?next={next_path}")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_label(f"Open the menu for {user.name}")).to_be_visible()


@pytest.fixture
def team_setup(db):
    team = TeamFactory(name="Platform", slug="platform", plan=Plan.BUSINESS)
    alice = MembershipFactory(team=team, user=UserFactory(display_name="Alice Andersen")).user
    bob = UserFactory(display_name="Bob Brown", job_title="Backend Developer")
    MembershipFactory(team=team, user=bob)
    QuestionFactory(team=team, owner=bob, title="How do I page through results?", tags=["api"])
    QuestionFactory(team=team, owner=bob, title="Which PostgreSQL index?", tags=["postgresql"])
    QuestionFactory(team=team, owner=alice, title="What is a team admin?", tags=["teams"])
    return team, alice, bob


def test_tags_to_a_tag_to_its_question(page, live_server, team_setup):
    team, alice, _bob = team_setup
    csp = _watch_csp(page)
    _log_in(page, live_server, alice, team_path(team.slug))
    page.get_by_role("navigation", name="Platform").get_by_role("link", name="Tags").click()
    expect(page.get_by_role("heading", name="Tags", level=1)).to_be_visible()
    expect(page.locator(".tag-card")).to_have_count(3)

    # The filter box filters as you type (live-filter.js asks the server for the same list).
    page.get_by_label("Filter by tag name").fill("post")
    expect(page.locator(".tag-card")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"q=post"))
    page.get_by_role("link", name="postgresql", exact=True).click()

    expect(page.get_by_role("heading", name="Questions tagged postgresql")).to_be_visible()
    page.get_by_role("button", name="Watch tag").click()
    expect(page.get_by_text("You are watching [postgresql]")).to_be_visible()
    expect(page.get_by_role("button", name="Unwatch tag")).to_be_visible()
    expect(page.locator(".sidebar")).to_contain_text("Alice Andersen")  # now a watcher

    page.get_by_role("link", name="Which PostgreSQL index?").click()
    expect(page.get_by_role("heading", name="Which PostgreSQL index?")).to_be_visible()
    assert csp == []


def test_write_an_article_with_preview_comment_and_open_the_authors_page(
    page, live_server, team_setup, screenshots
):
    team, alice, bob = team_setup
    csp = _watch_csp(page)
    _log_in(page, live_server, alice, tags_path(team.slug))
    page.get_by_role("link", name="Articles").click()
    page.get_by_role("link", name="Write article").click()
    expect(page.get_by_role("heading", name="Write an article")).to_be_visible()

    page.get_by_label("Type").select_option(label="How-to guide")
    page.get_by_label("Title").fill("Rotating the database password")
    page.get_by_label("Body").fill("Run `rotate` and **wait** for the <script>x</script> page.")
    preview = page.locator(".markdown-preview")
    expect(preview.locator("strong")).to_have_text("wait")  # the live preview
    expect(preview.locator("code")).to_have_text("rotate")
    expect(preview.locator("script")).to_have_count(0)  # sanitised as a saved post
    page.get_by_label("Tags").fill("database security")
    page.get_by_label("Everyone").check()
    page.get_by_role("button", name="Publish article").dblclick()  # a double click: one

    expect(page.get_by_role("heading", name="Rotating the database password")).to_be_visible()
    expect(page.locator(".post-body strong")).to_have_text("wait")
    assert Article.objects.filter(team=team).count() == 1
    article = Article.objects.get(team=team)
    assert page.url.endswith(article_path(team.slug, article.pk))

    page.get_by_text("Add a comment").click()
    page.get_by_label("Your comment").fill("Also rotate the **replica**.")
    page.get_by_role("button", name="Add comment").click()
    expect(page.locator(".comment-body strong")).to_have_text("replica")
    page.screenshot(path=str(screenshots / "article-page.png"), full_page=True)

    # Nobody upvotes their own article: the refusal is said next to it.
    page.get_by_role("button", name="Upvote this article").click()
    expect(page.get_by_text(services.ARTICLE_SELF_UPVOTE_MESSAGE)).to_be_visible()

    page.locator(".owner-card-owner").get_by_role("link", name="Alice Andersen").click()
    expect(page.get_by_role("heading", name="Alice Andersen")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^Articles 1")).click()
    expect(page.get_by_role("link", name="Rotating the database password")).to_be_visible()

    page.goto(live_server.url + reverse("web-users", args=[team.slug]))
    page.get_by_role("link", name="Bob Brown").click()
    expect(page.get_by_text("Backend Developer")).to_be_visible()
    expect(page.get_by_role("link", name="How do I page through results?")).to_be_visible()
    assert bob.email not in page.content()  # addresses only for themself and team admins
    assert csp == []


def test_make_a_collection_from_links(page, live_server, team_setup):
    team, alice, _bob = team_setup
    question = team.questions.get(title="What is a team admin?")
    _log_in(page, live_server, alice, reverse("web-collection-new", args=[team.slug]))
    page.get_by_label("Title").fill("Start here")
    link = f"{live_server.url}/teams/{team.slug}/questions/{question.pk}/"
    page.get_by_label("Questions and articles").fill(f"{link}  What is a team admin?\n")
    page.get_by_role("button", name="Create collection").click()
    expect(page.get_by_role("heading", name="Start here")).to_be_visible()
    page.get_by_role("link", name="What is a team admin?").click()
    expect(page.get_by_role("heading", name="What is a team admin?")).to_be_visible()
    assert Collection.objects.get().items.get().question_id == question.pk

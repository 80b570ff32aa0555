"""Issue 12's journey in Chromium, the way a person does it: log in → team home → open a
question from the list → answer it with Markdown and preview → vote on another answer →
accept an answer as the asker → search finds the question by the new answer's words →
the `webUrl` the API gives for it opens the same page."""

import json
import urllib.request
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from content.models import Answer, Question, Vote
from teams.plans import Plan
from tests.factories import (
    DEFAULT_PASSWORD,
    AnswerFactory,
    CommentFactory,
    MembershipFactory,
    QuestionFactory,
    TeamFactory,
    UserFactory,
    make_token,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _api_get(live_server, code: str, path: str, **params) -> dict:
    url = f"{live_server.url}{path}?{urlencode(params)}"
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {code}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def _team_with_questions():
    team = TeamFactory(name="Platform Engineering", slug="platform", plan=Plan.BUSINESS)
    alice = UserFactory(username="alice", display_name="Alice Andersen", job_title="Staff Engineer")
    bob = UserFactory(username="bob", display_name="Bob Brown", job_title="Backend Developer")
    carol = UserFactory(username="carol", display_name="Carol Chen", job_title="SRE")
    for person in (alice, bob, carol):
        MembershipFactory(user=person, team=team)
    earlier = timezone.now() - timedelta(days=2)
    QuestionFactory(
        team=team,
        owner=bob,
        title="Why does the staging deploy time out after 10 minutes?",
        tags=["deploy", "staging"],
        created_at=earlier,
        last_activity_at=earlier,
    )
    question = QuestionFactory(
        team=team,
        owner=alice,
        title="How do we rotate the deploy key without downtime?",
        body_markdown=(
            "Our CI deploys with a **deploy key** that expires next week.\n\n"
            "```sh\nssh-keygen -t ed25519 -f deploy_key\n```\n\n"
            "Can the old and the new key work side by side for a while?"
        ),
        tags=["deploy", "security", "ci"],
    )
    answer = AnswerFactory(
        question=question,
        owner=bob,
        body_markdown=(
            "Yes: add the new public key first, switch CI to it, then remove the old one.\n\n"
            "1. Add `deploy_key.pub` as a second deploy key\n"
            "2. Update the CI secret\n"
            "3. Delete the old key once a deploy went through"
        ),
    )
    CommentFactory(
        question=question, answer=answer, owner=carol, body_markdown="Worked for us in May."
    )
    CommentFactory(question=question, owner=carol, body_markdown="Which CI do you use?")
    return team, alice, question, answer


def test_answer_vote_accept_search_and_open_the_web_url(page, live_server, screenshots):
    team, alice, question, bobs_answer = _team_with_questions()
    console_errors, failed = [], []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    # Log in → the home page's team card → the team home.
    page.goto(live_server.url + "/users/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Platform Engineering").click()
    expect(page.get_by_role("heading", name="Newest questions")).to_be_visible()

    # Open the question from the list.
    page.get_by_role("link", name=question.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(question.title)
    question_url = page.url

    # Answer it with Markdown, preview first (the server renders it), then post.
    editor = page.get_by_role("textbox", name="Your answer")
    editor.fill(
        "We did it with **overlapping keys**: both keys stay valid for a day.\n\n"
        "```sh\ngh repo deploy-key add deploy_key.pub --title overlapping-rotation\n```"
    )
    page.get_by_role("button", name="Preview").click()
    preview = page.locator("#id_body_preview")
    expect(preview.locator("strong")).to_have_text("overlapping keys")
    expect(preview.locator("pre code")).to_contain_text("gh repo deploy-key add")
    assert Answer.objects.filter(question=question).count() == 1  # a preview saves nothing
    page.get_by_role("button", name="Post your answer").click()
    mine = Answer.objects.get(question=question, owner=alice)
    assert urlsplit(page.url).fragment == f"answer-{mine.pk}"
    expect(page.locator(f"#answer-{mine.pk} .post-body strong")).to_have_text("overlapping keys")

    # Vote on the other answer (bob's): its score goes up, the button shows it pressed.
    bobs = page.locator(f"#answer-{bobs_answer.pk}")
    bobs.get_by_role("button", name="Upvote this answer").click()
    expect(bobs.locator(".vote-count")).to_contain_text("1")
    expect(bobs.get_by_role("button", name="Upvote this answer")).to_have_attribute(
        "aria-pressed", "true"
    )
    assert Vote.objects.get(answer=bobs_answer).value == Vote.UP

    # Voting on her own answer is refused, and the page says why next to it.
    page.locator(f"#answer-{mine.pk}").get_by_role("button", name="Upvote this answer").click()
    expect(page.locator(f"#answer-{mine.pk} .post-notice")).to_have_text(
        "You cannot vote on your own post."
    )

    # Accept bob's answer as the asker: it moves to the top, marked accepted.
    bobs.get_by_role("button", name="Accept this answer").click()
    expect(page.locator(".answers article").first).to_have_id(f"answer-{bobs_answer.pk}")
    expect(page.locator(f"#answer-{bobs_answer.pk} .accepted-label")).to_have_text(
        "Accepted answer"
    )
    assert Question.objects.get(pk=question.pk).accepted_answer_id == bobs_answer.pk
    page.goto(question_url)
    page.screenshot(path=str(screenshots / "question-page.png"), full_page=True)

    # Search (header box) finds the question by the words of the new answer.
    page.get_by_label("Search Platform Engineering").fill("overlapping")
    page.get_by_label("Search Platform Engineering").press("Enter")
    result = page.locator(".search-result").first
    expect(result.get_by_role("link", name=question.title)).to_be_visible()
    result.get_by_role("link", name=question.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(question.title)

    # The API's webUrl for it (a token made through the services) opens the same page.
    _, code = make_token(user=alice, team=team, description="journey")
    found = _api_get(live_server, code, f"/api/v3/teams/{team.slug}/search", query="overlapping")
    web_url = found["items"][0]["webUrl"]
    page.goto(web_url)
    assert urlsplit(page.url).path == urlsplit(question_url).path
    expect(page.get_by_role("heading", level=1)).to_have_text(question.title)
    answer_url = _api_get(
        live_server, code, f"/api/v3/teams/{team.slug}/questions/{question.pk}/answers"
    )["items"][0]["webUrl"]
    page.goto(answer_url)
    expect(page.locator(f"#{urlsplit(answer_url).fragment}")).to_be_visible()
    assert failed == []
    assert console_errors == []


def test_a_double_click_on_post_your_answer_posts_once(page, live_server):
    team, alice, question, _ = _team_with_questions()
    page.goto(live_server.url + "/users/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + f"/teams/{team.slug}/questions/{question.pk}/")
    page.get_by_role("textbox", name="Your answer").fill("Once, even when clicked twice.")
    page.get_by_role("button", name="Post your answer").dblclick()
    expect(page.locator(".answers article")).to_have_count(2)
    assert Answer.objects.filter(question=question, owner=alice).count() == 1

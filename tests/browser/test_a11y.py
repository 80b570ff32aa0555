"""The accessibility scan: axe-core, run in Chromium on every page type over the seeded
demo, signed in as alice on the Business team.

Serious and critical violations fail the test; moderate and minor ones are reported as
warnings (they show in pytest's summary) and written to `a11y-report.txt` in the test's
temporary folder. axe-core comes from the `axe-playwright-python` package (its bundled
`axe.min.js`): nothing is downloaded when the tests run, and the script is injected through
the DevTools protocol, which the pages' Content-Security-Policy does not apply to.
"""

import warnings
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from accounts.models import User
from content import urls_paths
from teams.models import Team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FAILING_IMPACTS = ("serious", "critical")
TEAM = "business-team"
DEMO_PASSWORD = "demo-alice-pass"  # teams.demo.DEMO_USERS


@dataclass(frozen=True)
class Finding:
    page: str
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        where = ", ".join(self.targets[:5]) + (" …" if len(self.targets) > 5 else "")
        return f"[{self.impact}] {self.page}: {self.rule} ({self.help}) at {where}"


def _pages(team: Team, alice: User) -> list[tuple[str, str]]:
    """(name, path) of every page type, on seeded content."""
    slug = team.slug
    question = team.questions.order_by("-answer_count", "pk").first()
    tag = team.tags.order_by("-post_count", "name").first()
    article = team.articles.order_by("pk").first()
    collection = team.collections.order_by("pk").first()
    return [
        ("login", reverse("login")),
        ("team home", urls_paths.team_path(slug)),
        ("question", urls_paths.question_path(slug, question.pk)),
        ("ask", urls_paths.ask_path(slug)),
        ("search", f"{urls_paths.search_path(slug)}?q=token"),
        ("tags", urls_paths.tags_path(slug)),
        ("tag", urls_paths.tag_path(slug, tag.name)),
        ("users", urls_paths.users_path(slug)),
        ("user", urls_paths.user_path(slug, alice.pk)),
        ("articles", urls_paths.articles_path(slug)),
        ("article", urls_paths.article_path(slug, article.pk)),
        ("new article", reverse("web-article-new", args=[slug])),
        ("edit article", reverse("web-article-edit", args=[slug, article.pk])),
        ("collections", urls_paths.collections_path(slug)),
        ("collection", urls_paths.collection_path(slug, collection.pk)),
        ("new collection", reverse("web-collection-new", args=[slug])),
        ("PAT settings", reverse("pat-list")),
        ("authorized applications", reverse("authorized-applications")),
    ]


def _scan(axe, page, name: str) -> list[Finding]:
    results = axe.run(page)
    return [
        Finding(
            page=name,
            rule=violation["id"],
            impact=violation["impact"] or "minor",
            help=violation["help"],
            targets=tuple(", ".join(node["target"]) for node in violation["nodes"]),
        )
        for violation in results.response["violations"]
    ]


def test_every_page_type_has_no_serious_or_critical_violation(page, live_server, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    call_command("seed_demo", verbosity=0)
    team = Team.objects.get(slug=TEAM)
    alice = User.objects.get(username="alice")
    axe = Axe()

    findings = []
    page.goto(live_server.url + reverse("login"))
    findings += _scan(axe, page, "login")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_label("Open the menu for Alice Andersen")).to_be_visible()

    for name, path in _pages(team, alice)[1:]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, f"{name}: {path} answered {response.status}"
        findings += _scan(axe, page, name)

    # The article form with its errors shown, as a person who forgot the title sees it.
    page.goto(live_server.url + reverse("web-article-new", args=[TEAM]))
    page.get_by_role("button", name="Publish article").click()
    expect(page.locator(".field-error").first).to_be_visible()
    findings += _scan(axe, page, "new article with errors")

    report = tmp_path / "a11y-report.txt"
    report.write_text("\n".join(map(str, findings)) + "\n")
    for finding in findings:
        if finding.impact not in FAILING_IMPACTS:
            warnings.warn(f"accessibility: {finding}", stacklevel=1)
    failing = [str(f) for f in findings if f.impact in FAILING_IMPACTS]
    assert failing == [], "\n".join(failing)

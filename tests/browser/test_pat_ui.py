"""The issue's three scenarios, done in Chromium the way a person does them."""

import json
import re
import urllib.error
import urllib.request
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from teams.plans import NO_WRITE_ACCESS_MESSAGE, Plan
from tests.factories import (
    DEFAULT_PASSWORD,
    MembershipFactory,
    TeamFactory,
    UserFactory,
    make_token,
)
from tokens.models import PersonalAccessToken
from tokens.services import token_create_for_swagger

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _call_api(live_server, code: str) -> tuple[int, dict]:
    """`GET /api/v3/users/me` over real HTTP with the token, as a script would."""
    request = urllib.request.Request(
        live_server.url + reverse("api:users-me"), headers={"Authorization": f"Bearer {code}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _watch_csp(page) -> list[str]:
    """The Content-Security-Policy violations Chromium reports on the console, as they come."""
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def _log_in(page, live_server, user):
    page.goto(live_server.url + reverse("home"))
    page.get_by_role("link", name="Log in").first.click()
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_label(f"Open the menu for {user.name}")).to_be_visible()


def _open_pat_page(page, user):
    page.get_by_label(f"Open the menu for {user.name}").click()
    page.get_by_role("link", name="Account settings").click()
    expect(page.get_by_role("heading", name="API")).to_be_visible()
    page.get_by_role("link", name="Personal access tokens").click()
    expect(page.get_by_role("heading", name="Personal access tokens (PATs)")).to_be_visible()


def test_create_copy_use_delete_a_token(page, live_server, screenshots):
    user = UserFactory(username="alice", display_name="Alice Andersen")
    team = TeamFactory(name="Platform Engineering", plan=Plan.BUSINESS)
    basic = TeamFactory(name="Support", plan=Plan.BASIC)
    MembershipFactory(user=user, team=team)
    MembershipFactory(user=user, team=basic)
    MembershipFactory(user=user, team=TeamFactory(name="Book Club", plan=Plan.FREE))
    token_create_for_swagger(user=user, team=team)
    older, _ = make_token(user=user, team=basic, description="Nightly export")
    PersonalAccessToken.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - timedelta(days=12),
        last_used_at=timezone.now() - timedelta(hours=5),
    )

    csp_violations = _watch_csp(page)
    _log_in(page, live_server, user)
    _open_pat_page(page, user)
    page.get_by_text("Create a new PAT").click()
    page.get_by_label("PAT Description").fill("Deploy bot")
    page.get_by_label("Team scope").select_option(label="Platform Engineering (Business)")
    page.get_by_label("Expiration").select_option(label="90 days")
    write = page.get_by_label("Enable write access (Business only)")
    expect(write).to_be_enabled()
    write.check()
    page.get_by_role("button", name="Create", exact=True).click()

    code_box = page.locator("#new-token-code")
    expect(code_box).to_be_visible()
    code = code_box.inner_text().strip()
    assert code.startswith("tspat_")
    expect(page.get_by_text("it will not be shown again")).to_be_visible()
    assert code_box.evaluate("node => getComputedStyle(node).color") == "rgb(11, 99, 206)"

    page.get_by_role("button", name="Copy").click()
    expect(page.locator(".copy-status")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == code
    page.screenshot(path=str(screenshots / "pat-settings.png"), full_page=True)

    status, body = _call_api(live_server, code)
    assert status == HTTPStatus.OK
    assert body["id"] == user.pk

    page.get_by_role("link", name="Personal access tokens").click()  # back: the code is gone
    expect(page.locator("#new-token-code")).to_have_count(0)
    assert code not in page.content()

    row = page.locator("tr", has_text="Deploy bot")
    expect(row).to_contain_text("Read and write")
    row.get_by_role("link", name="Delete Deploy bot").click()
    expect(page.get_by_role("heading", name='Delete the token "Deploy bot"?')).to_be_visible()
    page.get_by_role("button", name="Delete token").click()
    expect(page.get_by_text('Deleted the token "Deploy bot"')).to_be_visible()
    expect(page.locator("tr", has_text="Deploy bot")).to_have_count(0)

    status, body = _call_api(live_server, code)
    assert status == HTTPStatus.UNAUTHORIZED
    assert body["status"] == HTTPStatus.UNAUTHORIZED
    assert csp_violations == []  # the settings page works under its Content-Security-Policy


def test_basic_team_cannot_get_write_access_even_by_force(page, live_server):
    """Done on a phone-sized window: the page must fit it without sideways scrolling."""
    user = UserFactory(display_name="Bob Brown")
    MembershipFactory(user=user, team=TeamFactory(name="Support", plan=Plan.BASIC))
    make_token(user=user, team=user.teams.get(), description="Read-only reporting")
    page.set_viewport_size({"width": 390, "height": 844})

    _log_in(page, live_server, user)
    _open_pat_page(page, user)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_text("Create a new PAT").click()
    page.get_by_label("PAT Description").fill("Forced writer")
    page.get_by_label("Team scope").select_option(label="Support (Basic)")
    write = page.get_by_label("Enable write access (Business only)")
    expect(write).to_be_disabled()
    expect(page.get_by_text("Write access is available on the Business")).to_be_visible()

    # Force it: what a crafted request would do.
    write.evaluate("box => { box.disabled = false; box.checked = true; }")
    page.get_by_role("button", name="Create", exact=True).click()

    expect(page.locator(".field-error")).to_have_text(NO_WRITE_ACCESS_MESSAGE)
    expect(page.locator("#new-token-code")).to_have_count(0)
    assert not PersonalAccessToken.objects.filter(user=user, description="Forced writer").exists()


def test_swagger_ui_is_preauthorized_with_its_own_token(page, live_server):
    user = UserFactory(display_name="Carol Chen")
    team = TeamFactory(name="Platform Engineering", plan=Plan.BUSINESS)
    MembershipFactory(user=user, team=team)

    csp_violations = _watch_csp(page)
    _log_in(page, live_server, user)
    page.goto(live_server.url + reverse("api-docs"))
    expect(page.locator("#swagger-ui .information-container")).to_be_visible()
    assert not PersonalAccessToken.objects.filter(user=user).exists()  # a GET makes none
    page.get_by_role("button", name="Authorize Swagger UI").click()  # a same-site POST
    expect(page.locator("button.authorize.locked")).to_be_visible()
    expect(page.get_by_text("Swagger UI (Platform Engineering)").first).to_be_visible()
    assert page.evaluate("location.search") == ""

    page.locator('h3.opblock-tag[data-tag="Users"]').click()  # tags open collapsed
    operation = page.locator(".opblock", has=page.locator('[data-path="/api/v3/users/me"]'))
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    status = operation.locator(".live-responses-table tbody .response-col_status").first
    expect(status).to_have_text("200")
    expect(operation.locator(".live-responses-table")).to_contain_text(user.username)

    token = PersonalAccessToken.objects.get(user=user)
    assert token.source == PersonalAccessToken.Source.SWAGGER
    assert token.last_used_at is not None  # the call was made with the token, not the session

    page.reload()  # the POST's page replaced its history entry: a reload is a GET
    expect(page.locator("#swagger-ui .information-container")).to_be_visible()
    expect(page.locator("button.authorize.locked")).to_have_count(0)
    assert list(PersonalAccessToken.objects.filter(user=user)) == [token]  # none made again
    page.goto(live_server.url + reverse("api2-docs"))
    expect(page.locator("#swagger-ui .information-container")).to_be_visible()
    assert csp_violations == []  # Swagger UI works under the docs pages' policy

    page.goto(live_server.url + reverse("pat-list"))
    row = page.locator(f"#token-{token.pk}")
    expect(row).to_contain_text("Swagger UI (Platform Engineering)")
    expect(row.locator(".badge", has_text="Swagger UI")).to_be_visible()
    expect(row).to_contain_text(re.compile(r"in 23\shours"))
    lifetime = token.expires_at - token.created_at
    assert timedelta(hours=23, minutes=59) < lifetime <= timedelta(hours=24)

"""Enterprise API applications in Chromium: an admin registers one, a member consents to it,
and revokes it from her settings page."""

import re
from http import HTTPStatus
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from playwright.sync_api import expect

from teams.models import Membership
from teams.plans import Plan
from tests.factories import MembershipFactory, QuestionFactory, TeamFactory
from tests.tokens.oauth.conftest import REDIRECT_URI, pkce_pair

from .test_a11y import FAILING_IMPACTS, _scan
from .test_pat_ui import _log_in, _watch_csp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_consent_use_and_revoke(page, live_server, screenshots):
    team = TeamFactory(name="Acme Enterprise", slug="acme", plan=Plan.ENTERPRISE)
    admin = MembershipFactory(team=team, role=Membership.Role.ADMIN).user
    QuestionFactory(team=team, owner=admin, title="Where is the on-call rota?")
    violations = _watch_csp(page)

    # The admin registers a public client with a read-only key.
    _log_in(page, live_server, admin)
    page.goto(f"{live_server.url}/teams/acme/settings/api-applications/")
    page.get_by_label("Name").fill("Rota bot")
    page.get_by_label("Redirect URIs").fill(REDIRECT_URI)
    page.get_by_label("Client type").select_option("public")
    page.get_by_label("Read-only key allowed").check()
    page.get_by_role("button", name="Register application").click()
    expect(page.get_by_role("heading", name=re.compile("application key"))).to_be_visible()
    client_id = page.locator("#new-client-id").inner_text()
    assert page.locator("#new-application-key").inner_text().startswith("tsak_")
    page.screenshot(path=str(screenshots / "oauth-api-applications.png"), full_page=True)
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    findings = _scan(axe, page, "API applications")

    # The same admin (a member of the team) authorizes it: the consent page names it all.
    verifier, challenge = pkce_pair()
    query = urlencode(
        {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": REDIRECT_URI,
            "scope": "access_team write_access",
            "state": "st8",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
    )
    page.goto(f"{live_server.url}/oauth/authorize/?{query}")
    expect(page.get_by_role("heading", name="Authorize Rota bot?")).to_be_visible()
    expect(page.get_by_text("an API application of Acme Enterprise")).to_be_visible()
    expect(page.locator(".consent-scopes li")).to_have_count(2)
    expect(page.locator(".consent-scopes")).to_contain_text("write_access")
    page.screenshot(path=str(screenshots / "oauth-consent.png"), full_page=True)
    findings += _scan(axe, page, "consent")
    assert [str(f) for f in findings if f.impact in FAILING_IMPACTS] == []

    # The consent's POST answers with a redirect to the script's loopback URI, where nothing
    # listens in a test: the redirect is read here (as the script's server would read the
    # request) and the browser shown a stand-in page, so no failed navigation races the next.
    redirects = []

    def consent_post(route):
        if route.request.method != "POST":
            route.continue_()
            return
        answer = route.fetch(max_redirects=0)
        redirects.append(answer.headers["location"])
        route.fulfill(status=200, content_type="text/html", body="<p>Back to the script.</p>")

    page.route(re.compile(r".*/oauth/authorize/.*"), consent_post)
    page.get_by_role("button", name="Authorize").click()
    expect(page.get_by_text("Back to the script.")).to_be_visible()
    page.unroute(re.compile(r".*/oauth/authorize/.*"))
    assert redirects[0].startswith(REDIRECT_URI + "?")
    params = parse_qs(urlsplit(redirects[0]).query)
    assert params["state"] == ["st8"]

    token = requests.post(
        f"{live_server.url}/oauth/token/",
        data={
            "grant_type": "authorization_code",
            "code": params["code"][0],
            "redirect_uri": REDIRECT_URI,
            "client_id": client_id,
            "code_verifier": verifier,
        },
        timeout=10,
    ).json()
    api = f"{live_server.url}/api/v3/teams/acme/questions"
    bearer = {"Authorization": f"Bearer {token['access_token']}"}
    assert requests.get(api, headers=bearer, timeout=10).status_code == HTTPStatus.OK

    # Her settings page lists it; Revoke ends the token.
    page.goto(f"{live_server.url}/users/applications/")
    row = page.get_by_role("row", name=re.compile("Rota bot"))
    expect(row).to_contain_text("Acme Enterprise")
    expect(row).to_contain_text("access_team, write_access")
    page.screenshot(path=str(screenshots / "oauth-authorized-applications.png"), full_page=True)
    row.get_by_role("button", name="Revoke the access of Rota bot").click()
    expect(page.get_by_text('Revoked the access of "Rota bot"')).to_be_visible()
    assert requests.get(api, headers=bearer, timeout=10).status_code == HTTPStatus.UNAUTHORIZED
    assert violations == []

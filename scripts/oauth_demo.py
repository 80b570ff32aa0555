"""Enterprise API applications end to end, with a standard OAuth 2.0 client (Authlib).

    make run   # in another terminal: the demo site on http://127.0.0.1:8000
    .venv/bin/python scripts/oauth_demo.py [--url http://127.0.0.1:8000]

As carol, an admin of enterprise-team, it:
1. registers an API application on the team's settings page (a public client with the
   loopback redirect URI http://127.0.0.1:8765/callback and a read-only key), and reads its
   client id and key from the page, where they are shown once;
2. runs the authorization code flow with PKCE (S256) through Authlib: the authorization URL
   carries the code challenge, carol's browser session answers the consent page, and the
   code and verifier are exchanged at /oauth/token/ for a `tsoat_` access token;
3. lists questions on API v3 (`Authorization: Bearer`) and v2.3 (`X-API-Access-Token`);
4. with the application key alone (`X-API-Key`), reads tags and questions, and is refused
   (403) a write;
5. revokes the application's access on carol's "Authorized applications" page, and shows
   the next call with the token is a 401.

`--interactive` leaves the consent to you: it prints the authorization URL, you open it in
a browser (logged in as any member of enterprise-team) and press Authorize, and a small
server on 127.0.0.1:8765 catches the redirect.
"""

import argparse
import http.server
import re
import sys
import threading
from urllib.parse import urljoin

import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session

TEAM = "enterprise-team"
REDIRECT_URI = "http://127.0.0.1:8765/callback"
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def browser_login(url: str, username: str, password: str) -> requests.Session:
    browser = requests.Session()
    login = f"{url}/users/login/"
    browser.get(login, timeout=10)
    response = browser.post(
        login,
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        headers={"Referer": login},
        allow_redirects=False,
        timeout=10,
    )
    if response.status_code != 302:
        sys.exit(f"could not log in as {username}: is the demo running (make run)?")
    return browser


def register_application(url: str, browser: requests.Session) -> tuple[str, str]:
    page_url = f"{url}/teams/{TEAM}/settings/api-applications/"
    page = browser.get(page_url, timeout=10)
    if page.status_code != 200:
        sys.exit(f"{page_url}: {page.status_code} (is carol an admin of {TEAM}?)")
    response = browser.post(
        page_url,
        data={
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            "name": "OAuth demo script",
            "description": "scripts/oauth_demo.py",
            "redirect_uris": REDIRECT_URI,
            "client_type": "public",
            "key_allowed": "on",
        },
        headers={"Referer": page_url},
        timeout=10,
    )
    client_id = re.search(r'<code id="new-client-id">([^<]+)</code>', response.text)
    key = re.search(r'id="new-application-key"[^>]*>([^<]+)</code>', response.text)
    if response.status_code != 200 or not client_id or not key:
        sys.exit(f"registration failed: {response.status_code}")
    print(f"1. registered 'OAuth demo script' on {TEAM}: client id {client_id.group(1)}")
    return client_id.group(1), key.group(1)


def consent_in_browser(browser: requests.Session, authorization_url: str) -> str:
    """Press "Authorize" on the consent page as the logged-in user: the redirect URL."""
    page = browser.get(authorization_url, timeout=10)
    if page.status_code != 200:
        sys.exit(f"consent page: {page.status_code}")
    fields = {name: value.replace("&amp;", "&") for name, value in HIDDEN.findall(page.text)}
    fields["allow"] = "Authorize"
    answer = browser.post(
        authorization_url.split("?")[0],
        data=fields,
        headers={"Referer": authorization_url},
        allow_redirects=False,
        timeout=10,
    )
    return answer.headers["Location"]


def consent_by_hand(authorization_url: str) -> str:
    """Print the URL and wait on the loopback redirect URI for the browser to come back."""
    caught = {}

    class Callback(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            caught["url"] = urljoin(REDIRECT_URI, self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"Authorized: you can close this tab.")

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 8765), Callback)
    print(f"\nOpen this URL in a browser and press Authorize:\n\n  {authorization_url}\n")
    thread = threading.Thread(target=server.handle_request, daemon=True)
    thread.start()
    thread.join(timeout=300)
    server.server_close()
    if "url" not in caught:
        sys.exit("no answer within 5 minutes")
    return caught["url"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--username", default="carol")
    parser.add_argument("--password", default="demo-carol-pass")
    parser.add_argument("--interactive", action="store_true")
    args = parser.parse_args()
    url = args.url.rstrip("/")

    browser = browser_login(url, args.username, args.password)
    client_id, key = register_application(url, browser)

    client = OAuth2Session(
        client_id=client_id,
        redirect_uri=REDIRECT_URI,
        scope="access_team",
        code_challenge_method="S256",
        token_endpoint_auth_method="none",  # a public client: PKCE instead of a secret
    )
    verifier = generate_token(48)
    authorization_url, _ = client.create_authorization_url(
        f"{url}/oauth/authorize/", code_verifier=verifier
    )
    if args.interactive:
        callback = consent_by_hand(authorization_url)
    else:
        callback = consent_in_browser(browser, authorization_url)
    token = client.fetch_token(
        f"{url}/oauth/token/", authorization_response=callback, code_verifier=verifier
    )
    access = token["access_token"]
    print(f"2. PKCE S256 → access token {access[:10]}… ({token['scope']}, {token['expires_in']} s)")

    v3 = client.get(f"{url}/api/v3/teams/{TEAM}/questions", params={"pageSize": 3}, timeout=10)
    print(f"3. v3 questions: {v3.status_code}, {v3.json().get('totalCount')} in all")
    for item in v3.json().get("items", []):
        print(f"     {item['title']}")
    v2 = requests.get(
        f"{url}/api/2.3/questions",
        params={"team": TEAM, "pagesize": 3},
        headers={"X-API-Access-Token": access},
        timeout=10,
    )
    print(f"   v2.3 questions: {v2.status_code}, {len(v2.json().get('items', []))} on the page")

    keyed = {"X-API-Key": key}
    tags = requests.get(f"{url}/api/v3/teams/{TEAM}/tags", headers=keyed, timeout=10)
    questions = requests.get(f"{url}/api/v3/teams/{TEAM}/questions", headers=keyed, timeout=10)
    write = requests.post(
        f"{url}/api/v3/teams/{TEAM}/questions",
        json={"title": "Written with an application key?", "body": "x" * 40, "tags": ["demo"]},
        headers=keyed,
        timeout=10,
    )
    print(
        f"4. key alone: tags {tags.status_code}, questions {questions.status_code}, "
        f"a write {write.status_code} ({write.json().get('detail')})"
    )

    apps_url = f"{url}/users/applications/"
    page = browser.get(apps_url, timeout=10)
    application = re.search(r'name="application" value="(\d+)"', page.text)
    browser.post(
        apps_url,
        data={
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
            "application": application.group(1),
        },
        headers={"Referer": apps_url},
        timeout=10,
    )
    after = client.get(f"{url}/api/v3/teams/{TEAM}/questions", timeout=10)
    print(f"5. revoked on {apps_url}: the next call with the token is a {after.status_code}")
    ok = (v3.ok, v2.ok, tags.ok, questions.ok, write.status_code, after.status_code)
    if ok != (True, True, True, True, 403, 401):
        sys.exit(f"unexpected: {ok}")


if __name__ == "__main__":
    main()

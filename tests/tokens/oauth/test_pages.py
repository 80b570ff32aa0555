"""The team admin's API applications page and the user's authorized applications page."""

from http import HTTPStatus

import pytest
from django.test import Client
from django.urls import reverse
from oauth2_provider.models import AccessToken, Application
from rest_framework.test import APIClient

from teams.models import Membership
from teams.plans import Plan
from tests.factories import TeamFactory
from tokens import codes
from tokens.oauth.models import ApiApplication, ApiApplicationEvent

from .conftest import REDIRECT_URI, pkce_pair

pytestmark = pytest.mark.django_db


def _page(team):
    return reverse("api-applications", kwargs={"team": team.slug})


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


FORM = {
    "name": "Nightly report",
    "description": "Posts the nightly build report",
    "redirect_uris": REDIRECT_URI,
    "client_type": "confidential",
    "key_allowed": "on",
}


def test_admin_registers_an_application_and_sees_secret_and_key_once(team_admin, enterprise_team):
    client = _logged_in(team_admin)
    response = client.post(_page(enterprise_team), FORM)
    assert response.status_code == HTTPStatus.OK, response.content
    assert response["Cache-Control"].startswith("max-age=0")
    assert "no-store" in response["Cache-Control"]
    secret, key = response.context["secret"], response.context["key"]
    assert secret.startswith("tscs_")
    assert key.startswith("tsak_")
    html = response.content.decode()
    api_application = ApiApplication.objects.get()
    assert api_application.application.client_id in html
    assert secret in html
    assert key in html
    assert api_application.key_digest == codes.digest(key)
    assert api_application.application.client_secret != secret  # hashed by the toolkit
    assert ApiApplicationEvent.objects.get().action == "created"

    again = client.get(_page(enterprise_team)).content.decode()
    assert api_application.application.client_id in again
    assert secret not in again
    assert key not in again


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", ""),
        ("redirect_uris", "http://example.com/callback"),  # plain http off loopback
        ("redirect_uris", "not a url"),
        ("redirect_uris", "https://example.com/cb#fragment"),
        ("client_type", "implicit"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(team_admin, enterprise_team, field, value):
    response = _logged_in(team_admin).post(_page(enterprise_team), {**FORM, field: value})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert field in response.context["form"].errors
    assert not Application.objects.exists()


def test_members_get_403_strangers_404_and_below_enterprise_refused(
    team_member, other_user, enterprise_team
):
    assert _logged_in(team_member).get(_page(enterprise_team)).status_code == 403
    assert _logged_in(other_user).get(_page(enterprise_team)).status_code == 404
    assert Client().get(_page(enterprise_team)).status_code == HTTPStatus.FOUND  # to log in
    business = TeamFactory(plan=Plan.BUSINESS)
    Membership.objects.create(user=other_user, team=business, role=Membership.Role.ADMIN)
    response = _logged_in(other_user).post(_page(business), FORM)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert not Application.objects.exists()


def test_admin_edits_regenerates_and_deletes(team_admin, enterprise_team, make_app, obtain_token):
    api_application, secret, _ = make_app()
    body, _, _ = obtain_token(app=(api_application, secret, None))
    client = _logged_in(team_admin)
    edit = reverse(
        "api-application-edit",
        kwargs={"team": enterprise_team.slug, "application_id": api_application.pk},
    )
    response = client.post(
        edit, {"name": "Renamed", "redirect_uris": REDIRECT_URI, "key_allowed": "on"}
    )
    assert response.status_code == HTTPStatus.OK
    assert response.context["key"].startswith("tsak_")  # allowed now: made and shown once
    api_application.refresh_from_db()
    assert api_application.application.name == "Renamed"

    def action(name):
        return reverse(
            "api-application-action",
            kwargs={
                "team": enterprise_team.slug,
                "application_id": api_application.pk,
                "action": name,
            },
        )

    new_secret = client.post(action("secret")).context["secret"]
    assert new_secret.startswith("tscs_")
    assert new_secret != secret
    new_key = client.post(action("key")).context["key"]
    assert new_key.startswith("tsak_")

    deleted = client.post(action("delete"))
    assert deleted.status_code == HTTPStatus.FOUND
    assert not ApiApplication.objects.exists()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access_token']}")
    assert api.get(f"/api/v3/teams/{enterprise_team.slug}/questions").status_code == 401
    actions = list(ApiApplicationEvent.objects.values_list("action", flat=True))
    assert set(actions) >= {"created", "updated", "secret_regenerated", "key_regenerated"}
    assert "deleted" in actions


def test_user_sees_and_revokes_an_authorized_application(obtain_token, team_member):
    body, api_application, _ = obtain_token(scope="access_team write_access")
    client = _logged_in(team_member)
    page = client.get(reverse("authorized-applications"))
    assert page.status_code == HTTPStatus.OK
    html = page.content.decode()
    assert api_application.application.name in html
    assert api_application.team.name in html
    assert "access_team, write_access" in html

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access_token']}")
    url = f"/api/v3/teams/{api_application.team.slug}/questions"
    assert api.get(url).status_code == HTTPStatus.OK
    revoked = client.post(
        reverse("authorized-applications"), {"application": api_application.application_id}
    )
    assert revoked.status_code == HTTPStatus.FOUND
    assert api.get(url).status_code == HTTPStatus.UNAUTHORIZED
    assert not AccessToken.objects.filter(user=team_member).exists()
    assert ApiApplicationEvent.objects.filter(action="authorization_revoked").exists()
    after = client.get(reverse("authorized-applications"))
    assert after.context["authorizations"] == []


def test_user_cannot_revoke_for_someone_else(obtain_token, other_user):
    _, api_application, _ = obtain_token()
    response = _logged_in(other_user).post(
        reverse("authorized-applications"), {"application": api_application.application_id}
    )
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert AccessToken.objects.exists()
    bad = _logged_in(other_user).post(reverse("authorized-applications"), {"application": "x"})
    assert bad.status_code == HTTPStatus.NOT_FOUND


def test_consent_page_names_application_team_and_scopes(make_app, team_member):
    api_application, _, _ = make_app()
    page = _logged_in(team_member).get(
        reverse("oauth2_provider:authorize"),
        {
            "response_type": "code",
            "client_id": api_application.application.client_id,
            "redirect_uri": REDIRECT_URI,
            "scope": "access_team write_access no_expiry",
            "code_challenge": pkce_pair()[1],
            "code_challenge_method": "S256",
        },
    )
    html = page.content.decode()
    assert page.status_code == HTTPStatus.OK
    assert "Authorize Reporting bot?" in html
    assert api_application.team.name in html
    for scope in ("access_team", "write_access", "no_expiry"):
        assert f"<code>{scope}</code>" in html
    # The consent POST redirects to the client: its origin is a permitted form action.
    directives = [d.strip() for d in page["Content-Security-Policy"].split(";")]
    assert "form-action 'self' http://127.0.0.1:8765" in directives


def test_a_non_member_cannot_authorize(make_app, other_user):
    api_application, _, _ = make_app()
    params = {
        "response_type": "code",
        "client_id": api_application.application.client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": "access_team",
        "code_challenge": pkce_pair()[1],
        "code_challenge_method": "S256",
    }
    client = _logged_in(other_user)
    page = client.get(reverse("oauth2_provider:authorize"), params)
    assert page.status_code == HTTPStatus.FORBIDDEN
    assert 'name="allow"' not in page.content.decode()
    posted = client.post(
        reverse("oauth2_provider:authorize"), {**params, "allow": "Authorize", "state": "s"}
    )
    assert posted.status_code == HTTPStatus.FORBIDDEN
    assert not AccessToken.objects.exists()


def test_staff_see_edit_and_delete_applications_in_the_admin(make_app, obtain_token, db):
    from tests.factories import UserFactory

    staff = UserFactory(is_staff=True, is_superuser=True)
    api_application, _secret, key = make_app(key_allowed=True)
    client = _logged_in(staff)
    listing = client.get(reverse("admin:tokens_apiapplication_changelist"))
    assert listing.status_code == HTTPStatus.OK
    html = listing.content.decode()
    assert "Reporting bot" in html
    assert api_application.application.client_id in html
    change = reverse("admin:tokens_apiapplication_change", args=[api_application.pk])
    page = client.get(change).content.decode()
    assert key not in page
    assert api_application.key_digest not in page
    saved = client.post(change, {"description": "Checked by staff"})  # key_allowed unticked
    assert saved.status_code == HTTPStatus.FOUND, saved.content
    api_application.refresh_from_db()
    assert api_application.key_allowed is False
    delete = reverse("admin:tokens_apiapplication_delete", args=[api_application.pk])
    assert client.post(delete, {"post": "yes"}).status_code == HTTPStatus.FOUND
    assert not ApiApplication.objects.exists()
    assert not Application.objects.exists()
    actions = set(ApiApplicationEvent.objects.values_list("action", flat=True))
    assert {"updated", "deleted"} <= actions


def test_team_home_links_admins_to_api_applications(team_admin, enterprise_team):
    html = _logged_in(team_admin).get(f"/teams/{enterprise_team.slug}/").content.decode()
    assert f'href="{_page(enterprise_team)}"' in html

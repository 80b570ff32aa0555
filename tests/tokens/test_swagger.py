"""The API docs: the OpenAPI schema, Swagger UI and its dedicated personal access token."""

import json
import re
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from teams.plans import NO_API_ACCESS_MESSAGE, Plan
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tokens import codes
from tokens.docs import UNKNOWN_DOCS_TEAM_MESSAGE
from tokens.models import PersonalAccessToken, TokenEvent
from tokens.services import (
    NOT_A_MEMBER_MESSAGE,
    SWAGGER_TOKEN_LIFETIME,
    token_create_for_swagger,
)

pytestmark = pytest.mark.django_db

SWAGGER = PersonalAccessToken.Source.SWAGGER


def _page_code(response) -> str | None:
    match = re.search(
        r'<script id="swagger-token-code" type="application/json">"([^"]+)"</script>',
        response.content.decode(),
    )
    return match.group(1) if match else None


# --- The service ------------------------------------------------------------------------------


def test_swagger_token_is_dedicated_and_expires_in_24_hours(member, team):
    before = timezone.now()
    token, code = token_create_for_swagger(user=member, team=team)
    assert token.source == SWAGGER
    assert token.description == f"Swagger UI ({team.name})"
    assert token.can_write is True  # Business
    assert before + SWAGGER_TOKEN_LIFETIME <= token.expires_at
    assert token.expires_at <= timezone.now() + SWAGGER_TOKEN_LIFETIME
    assert SWAGGER_TOKEN_LIFETIME.total_seconds() == 24 * 60 * 60
    assert token.digest == codes.digest(code)


def test_swagger_token_is_read_only_on_a_basic_team(member):
    basic = MembershipFactory(user=member, team=TeamFactory(plan=Plan.BASIC)).team
    token, _ = token_create_for_swagger(user=member, team=basic)
    assert token.can_write is False


def test_swagger_token_replaces_the_previous_one_for_that_team_only(member, team, make_pat):
    other_team = MembershipFactory(user=member, team=TeamFactory()).team
    first, _ = token_create_for_swagger(user=member, team=team)
    elsewhere, _ = token_create_for_swagger(user=member, team=other_team)
    own, _ = make_pat(user=member, team=team, description="my script")
    someone_elses, _ = token_create_for_swagger(user=MembershipFactory(team=team).user, team=team)

    second, _ = token_create_for_swagger(user=member, team=team)

    assert not PersonalAccessToken.objects.filter(pk=first.pk).exists()
    assert TokenEvent.objects.filter(token_id=first.pk, action="deleted", actor=member).exists()
    remaining = set(PersonalAccessToken.objects.values_list("pk", flat=True))
    assert remaining == {second.pk, elsewhere.pk, own.pk, someone_elses.pk}


def test_swagger_token_description_stays_unique_when_team_names_clash(member, team, make_pat):
    make_pat(user=member, team=team, description=f"swagger ui ({team.name})")
    token, _ = token_create_for_swagger(user=member, team=team)
    assert token.description == f"Swagger UI ({team.name} · {team.slug})"
    again, _ = token_create_for_swagger(user=member, team=team)
    assert again.description == token.description


@pytest.mark.parametrize(
    ("plan", "is_member", "message"),
    [(Plan.FREE, True, NO_API_ACCESS_MESSAGE), (Plan.BUSINESS, False, NOT_A_MEMBER_MESSAGE)],
)
def test_swagger_token_is_refused_without_api_access(user, plan, is_member, message):
    team = TeamFactory(plan=plan)
    if is_member:
        MembershipFactory(user=user, team=team)
    with pytest.raises(ValidationError) as excinfo:
        token_create_for_swagger(user=user, team=team)
    assert excinfo.value.message_dict["team"] == [message]
    assert not PersonalAccessToken.objects.exists()


def test_a_refused_swagger_token_keeps_the_previous_one(member, team):
    """Replacement is one transaction: no new token, then the old one is not deleted either."""
    previous, _ = token_create_for_swagger(user=member, team=team)
    team.plan = Plan.FREE
    team.save()
    with pytest.raises(ValidationError):
        token_create_for_swagger(user=member, team=team)
    assert PersonalAccessToken.objects.filter(pk=previous.pk).exists()
    assert not TokenEvent.objects.filter(token_id=previous.pk, action="deleted").exists()


# --- The schema -------------------------------------------------------------------------------


def test_spectacular_validates_without_warnings():
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_schema_is_public_and_carries_the_bearer_scheme(client):
    response = client.get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == HTTPStatus.OK
    schema = json.loads(response.content)
    scheme = schema["components"]["securitySchemes"]["personalAccessToken"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    users_me = schema["paths"]["/api/v3/users/me"]["get"]
    assert {"personalAccessToken": []} in users_me["security"]


def test_schema_ignores_a_bad_token(client):
    response = client.get(reverse("api-schema"), HTTP_AUTHORIZATION="Bearer garbage")
    assert response.status_code == HTTPStatus.OK


# --- The docs page ----------------------------------------------------------------------------


def test_anonymous_visitor_reads_the_docs_without_a_token(client):
    response = client.get(reverse("api-docs"))
    assert response.status_code == HTTPStatus.OK
    body = response.content.decode()
    assert "swagger-ui-bundle.js" in body
    assert "/static/drf_spectacular_sidecar/" in body  # local assets, no CDN
    # Every script and stylesheet is this site's own (no CDN, no other host). Not a bare
    # "cdn" substring: the page's random CSRF token may contain one.
    sources = re.findall(r'(?:src|href)="([^"]+)"', body)
    assert sources
    assert all(url.startswith("/") and not url.startswith("//") for url in sources), sources
    assert "Authorize" in body
    assert _page_code(response) is None
    assert not PersonalAccessToken.objects.exists()


def test_signed_in_member_gets_a_preauthorized_docs_page(client, member, team, api_client):
    free = MembershipFactory(user=member, team=TeamFactory(plan=Plan.FREE, name="AAA free")).team
    client.force_login(member)
    response = client.post(reverse("api-docs"))
    assert response.status_code == HTTPStatus.OK
    assert "no-store" in response["Cache-Control"]
    code = _page_code(response)
    token = PersonalAccessToken.objects.get(user=member)
    assert (token.team, token.source) == (team, SWAGGER)
    assert token.digest == codes.digest(code)
    body = response.content.decode()
    assert "js/swagger-preauthorize.js" in body
    assert f'<option value="{team.slug}" selected>' in body
    assert free.slug not in body  # no API access: not in the picker

    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {code}")
    assert api_client.get(reverse("api:users-me")).status_code == HTTPStatus.OK


def test_team_picker_chooses_the_team_and_replaces_per_team(client, member, team):
    basic = MembershipFactory(user=member, team=TeamFactory(plan=Plan.BASIC, name="ZZZ")).team
    client.force_login(member)
    client.post(reverse("api-docs"))
    response = client.post(reverse("api-docs"), {"team": basic.slug})
    assert f'<option value="{basic.slug}" selected>' in response.content.decode()
    token = PersonalAccessToken.objects.get(user=member, team=basic)
    assert token.digest == codes.digest(_page_code(response))
    assert token.can_write is False
    client.post(reverse("api-docs"), {"team": basic.slug})
    assert PersonalAccessToken.objects.filter(user=member).count() == 2  # one per team


@pytest.mark.parametrize("slug", ["not-a-team", "free"])
def test_unknown_or_free_team_in_the_picker_is_404(client, member, slug):
    MembershipFactory(user=member, team=TeamFactory(plan=Plan.FREE, slug="free"))
    client.force_login(member)
    response = client.post(reverse("api-docs"), {"team": slug})
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == UNKNOWN_DOCS_TEAM_MESSAGE
    assert not PersonalAccessToken.objects.exists()


def test_member_of_free_teams_only_gets_docs_without_a_token(client, user):
    MembershipFactory(user=user, team=TeamFactory(plan=Plan.FREE))
    client.force_login(user)
    response = client.get(reverse("api-docs"))
    assert response.status_code == HTTPStatus.OK
    assert "None of your teams has API access" in response.content.decode()
    assert _page_code(response) is None
    assert not PersonalAccessToken.objects.exists()


def test_docs_token_shows_in_the_pat_list_as_swagger_ui(client, member, team):
    client.force_login(member)
    code = _page_code(client.post(reverse("api-docs")))
    body = client.get(reverse("pat-list")).content.decode().replace("\xa0", " ")
    token = PersonalAccessToken.objects.get(user=member)
    row = body[body.index(f'id="token-{token.pk}"') :].split("</tr>")[0]
    assert f"Swagger UI ({team.name})" in row
    assert 'badge-muted">Swagger UI<' in row
    assert "in 23 hours" in row
    assert code not in body


def test_docs_page_survives_a_service_refusal(client, member, team, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"description": "taken"})

    monkeypatch.setattr("tokens.docs.token_create_for_swagger", refuse)
    client.force_login(member)
    response = client.post(reverse("api-docs"))
    assert response.status_code == HTTPStatus.OK
    assert "Could not create the Swagger UI token: taken" in response.content.decode()
    assert _page_code(response) is None


# --- The browsable API ------------------------------------------------------------------------


def test_browsable_api_works_with_the_session(client, member, team):
    client.force_login(member)
    response = client.get(
        reverse("api:users-me", kwargs={"team": team.slug}), HTTP_ACCEPT="text/html"
    )
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/html")
    assert member.username in response.content.decode()


def test_browsable_api_hides_other_teams(client, member):
    client.force_login(member)
    stranger = TeamFactory()
    MembershipFactory(user=UserFactory(), team=stranger)
    response = client.get(
        reverse("api:users-me", kwargs={"team": stranger.slug}), HTTP_ACCEPT="text/html"
    )
    assert response.status_code == HTTPStatus.NOT_FOUND


# --- Bad requests -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method", "headers", "status"),
    [
        ("api-docs", "put", {}, HTTPStatus.METHOD_NOT_ALLOWED),
        ("api-docs", "delete", {}, HTTPStatus.METHOD_NOT_ALLOWED),
        ("api-docs", "get", {"HTTP_ACCEPT": "application/json"}, HTTPStatus.NOT_ACCEPTABLE),
        ("api-schema", "post", {}, HTTPStatus.METHOD_NOT_ALLOWED),
        ("api-schema", "get", {"HTTP_ACCEPT": "image/png"}, HTTPStatus.NOT_ACCEPTABLE),
    ],
)
@pytest.mark.parametrize("signed_in", [False, True])
def test_bad_requests_to_the_docs_are_problem_json(
    client, member, team, name, method, headers, status, signed_in
):
    if signed_in:
        client.force_login(member)
    response = getattr(client, method)(reverse(name), **headers)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == status
    assert not PersonalAccessToken.objects.exists()

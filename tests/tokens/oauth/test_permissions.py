"""The gate's table (tests/tokens/test_permissions.py) extended with OAuth access tokens and
application keys: method x credential x plan → status, `WWW-Authenticate` and detail.

Every credential is made while its team is on Enterprise and the team is then moved to the
plan under test, as a downgrade would.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from oauth2_provider.models import AccessToken

from teams.models import Membership
from teams.plans import NO_API_APPLICATIONS_MESSAGE, Plan
from tests.factories import MembershipFactory, TeamFactory
from tests.tokens.test_permissions import (
    OUTCOMES,
    SCOPE_CHALLENGE,
    _assert_outcome,
    _client,
    _with_plan,
)
from tokens import codes

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.tokens.test_permissions")]

OUTCOMES = {
    **OUTCOMES,
    "no_api_applications": (403, SCOPE_CHALLENGE, NO_API_APPLICATIONS_MESSAGE),
}

# credential            plan         GET                   POST and DELETE
TABLE = """
oauth_read              free         free_plan             free_plan
oauth_read              basic        no_api_applications   no_api_applications
oauth_read              business     no_api_applications   no_api_applications
oauth_read              enterprise   ok                    read_only
oauth_write             free         free_plan             free_plan
oauth_write             basic        no_api_applications   no_api_applications
oauth_write             business     no_api_applications   no_api_applications
oauth_write             enterprise   ok                    ok
oauth_unknown           enterprise   invalid               invalid
oauth_bad_checksum      enterprise   invalid               invalid
oauth_revoked           enterprise   invalid               invalid
oauth_expired           enterprise   expired               expired
oauth_removed_member    enterprise   invalid               invalid
oauth_inactive_user     enterprise   invalid               invalid
oauth_other_team_member enterprise   wrong_team            wrong_team
oauth_other_team_stranger enterprise not_found             not_found
key                     free         free_plan             free_plan
key                     basic        no_api_applications   no_api_applications
key                     business     no_api_applications   no_api_applications
key                     enterprise   ok                    read_only
key_in_query            enterprise   ok                    read_only
key_not_allowed         enterprise   invalid               invalid
key_unknown             enterprise   invalid               invalid
key_other_team          enterprise   not_found             not_found
"""
ROWS = [line.split() for line in TABLE.strip().splitlines()]
CELLS = [
    pytest.param(credential, plan, method, outcome, id=f"{credential}-{plan}-{method}")
    for credential, plan, read, write in ROWS
    for method, outcome in (("GET", read), ("POST", write), ("DELETE", write))
]


def _credential(kind, *, team, make_app, obtain_token, team_member) -> tuple[dict, dict]:
    """(headers, query) for a kind of credential on `team`."""
    if kind.startswith("key"):
        if kind == "key_unknown":
            return {"HTTP_X_API_KEY": codes.generate("tsak_")}, {}
        owner = team if kind != "key_other_team" else TeamFactory(plan=Plan.ENTERPRISE)
        admin = MembershipFactory(team=owner, role=Membership.Role.ADMIN).user
        api_application, _, key = make_app(team=owner, actor=admin, key_allowed=True)
        if kind == "key_not_allowed":
            api_application.key_allowed = False
            api_application.save()
        if kind == "key_in_query":
            return {}, {"key": key}
        return {"HTTP_X_API_KEY": key}, {}
    if kind == "oauth_unknown":
        return {"HTTP_AUTHORIZATION": f"Bearer {codes.generate('tsoat_')}"}, {}
    if kind == "oauth_bad_checksum":
        code = codes.generate("tsoat_")
        return {"HTTP_AUTHORIZATION": f"Bearer {code[:-1]}{'a' if code[-1] != 'a' else 'b'}"}, {}
    if kind.startswith("oauth_other_team"):
        other = TeamFactory(plan=Plan.ENTERPRISE)
        admin = MembershipFactory(team=other, role=Membership.Role.ADMIN).user
        user = MembershipFactory(team=other).user
        app = make_app(team=other, actor=admin)
        body, _, _ = obtain_token(user=user, app=app)
        if kind == "oauth_other_team_member":
            MembershipFactory(team=team, user=user)
        return {"HTTP_AUTHORIZATION": f"Bearer {body['access_token']}"}, {}
    scope = "access_team write_access" if kind == "oauth_write" else "access_team"
    body, _, _ = obtain_token(scope=scope, user=team_member)
    if kind == "oauth_revoked":
        AccessToken.objects.all().delete()
    elif kind == "oauth_expired":
        AccessToken.objects.update(expires=timezone.now() - timedelta(seconds=1))
    elif kind == "oauth_removed_member":
        Membership.objects.filter(user=team_member, team=team).delete()
    elif kind == "oauth_inactive_user":
        team_member.is_active = False
        team_member.save(update_fields=["is_active"])
    return {"HTTP_AUTHORIZATION": f"Bearer {body['access_token']}"}, {}


@pytest.mark.parametrize(("credential", "plan", "method", "outcome"), CELLS)
def test_gate(
    credential, plan, method, outcome, enterprise_team, make_app, obtain_token, team_member
):
    headers, query = _credential(
        credential,
        team=enterprise_team,
        make_app=make_app,
        obtain_token=obtain_token,
        team_member=team_member,
    )
    _with_plan(enterprise_team, plan)
    client, headers = _client(headers)
    url = reverse("gate:check", kwargs={"team": enterprise_team.slug})
    if query:
        url += "?key=" + query["key"]
    response = getattr(client, method.lower())(url, **headers)
    expected = OUTCOMES[outcome]
    if outcome == "no_api_applications":
        assert response.status_code == expected[0], response.content
        assert response["WWW-Authenticate"] == expected[1]
        assert expected[2] in response.json()["detail"]
        return
    _assert_outcome(response, method, outcome)

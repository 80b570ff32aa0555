"""The gate, as a table: method x credential x plan → status code and `WWW-Authenticate`.

A tiny test-only view under `team_scoped(...)` answers GET, POST and DELETE with the default
authentication and permission classes, so the gate itself is tested, writes included,
before any content endpoint writes. `/api/v3/teams/{team}/users/me` is held to the GET
column of the same table.

Every token is minted while its team is on Business (where every kind of token can be
minted) and the team is then moved to the plan under test, as a downgrade would.
"""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import include, path, reverse
from django.utils import timezone
from rest_framework import status
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory
from rest_framework.views import APIView

import config.urls
from teams.models import Membership
from teams.plans import NO_API_ACCESS_MESSAGE, NO_WRITE_ACCESS_MESSAGE, Plan
from tests.factories import MembershipFactory, TeamFactory, make_token
from tokens import codes
from tokens.errors import (
    EXPIRED_TOKEN_MESSAGE,
    INVALID_TOKEN_MESSAGE,
    READ_ONLY_TOKEN_MESSAGE,
    TEAM_REQUIRED_MESSAGE,
    WRONG_TEAM_MESSAGE,
    InsufficientScope,
)
from tokens.models import PersonalAccessToken
from tokens.permissions import may_write, write_access_check
from tokens.routing import team_scoped


class GateApi(APIView):
    """Answers every method once the default authentication and permission let it through."""

    def get(self, request, team=None):
        return Response({"team": request.team.slug})

    def post(self, request, team=None):
        return Response({"team": request.team.slug}, status=status.HTTP_201_CREATED)

    def delete(self, request, team=None):
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("gate/", include((team_scoped("check", GateApi.as_view(), name="check"), "gate"))),
    *config.urls.urlpatterns,
]

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

# --- Outcomes: status, exact WWW-Authenticate (None: no header), and a detail to look for. ---
CHALLENGE = 'Bearer realm="api"'
INVALID_CHALLENGE = (
    f'Bearer realm="api", error="invalid_token", error_description="{INVALID_TOKEN_MESSAGE}"'
)
EXPIRED_CHALLENGE = (
    f'Bearer realm="api", error="invalid_token", error_description="{EXPIRED_TOKEN_MESSAGE}"'
)
SCOPE_CHALLENGE = 'Bearer realm="api", error="insufficient_scope"'
WRITE_SCOPE_CHALLENGE = 'Bearer realm="api", error="insufficient_scope", scope="write_access"'

OUTCOMES = {
    "ok": (None, None, None),  # 200 / 201 / 204 by method
    "no_credentials": (HTTPStatus.UNAUTHORIZED, CHALLENGE, None),
    "invalid": (HTTPStatus.UNAUTHORIZED, INVALID_CHALLENGE, INVALID_TOKEN_MESSAGE),
    "expired": (HTTPStatus.UNAUTHORIZED, EXPIRED_CHALLENGE, "expired"),
    "not_found": (HTTPStatus.NOT_FOUND, None, None),
    "wrong_team": (HTTPStatus.FORBIDDEN, SCOPE_CHALLENGE, WRONG_TEAM_MESSAGE),
    "free_plan": (HTTPStatus.FORBIDDEN, SCOPE_CHALLENGE, NO_API_ACCESS_MESSAGE),
    "read_only": (HTTPStatus.FORBIDDEN, WRITE_SCOPE_CHALLENGE, READ_ONLY_TOKEN_MESSAGE),
    "plan_no_write": (HTTPStatus.FORBIDDEN, WRITE_SCOPE_CHALLENGE, NO_WRITE_ACCESS_MESSAGE),
}
OK_STATUS = {"GET": HTTPStatus.OK, "POST": HTTPStatus.CREATED, "DELETE": HTTPStatus.NO_CONTENT}

# credential            plan         GET          POST and DELETE
TABLE = """
none                    free         no_credentials  no_credentials
none                    basic        no_credentials  no_credentials
none                    business     no_credentials  no_credentials
none                    enterprise   no_credentials  no_credentials
malformed               basic        invalid      invalid
malformed               business     invalid      invalid
bad_checksum            basic        invalid      invalid
bad_checksum            business     invalid      invalid
unknown                 basic        invalid      invalid
unknown                 business     invalid      invalid
deleted                 free         invalid      invalid
deleted                 basic        invalid      invalid
deleted                 business     invalid      invalid
deleted                 enterprise   invalid      invalid
expired                 free         expired      expired
expired                 basic        expired      expired
expired                 business     expired      expired
expired                 enterprise   expired      expired
other_team_member       free         wrong_team   wrong_team
other_team_member       basic        wrong_team   wrong_team
other_team_member       business     wrong_team   wrong_team
other_team_member       enterprise   wrong_team   wrong_team
other_team_stranger     free         not_found    not_found
other_team_stranger     basic        not_found    not_found
other_team_stranger     business     not_found    not_found
other_team_stranger     enterprise   not_found    not_found
read_only               free         free_plan    free_plan
read_only               basic        ok           read_only
read_only               business     ok           read_only
read_only               enterprise   ok           read_only
read_write              business     ok           ok
read_write              enterprise   ok           ok
read_write_downgraded   free         free_plan    free_plan
read_write_downgraded   basic        ok           plan_no_write
inactive_user           free         invalid      invalid
inactive_user           basic        invalid      invalid
inactive_user           business     invalid      invalid
inactive_user           enterprise   invalid      invalid
removed_member          free         invalid      invalid
removed_member          basic        invalid      invalid
removed_member          business     invalid      invalid
removed_member          enterprise   invalid      invalid
session_member          free         ok           ok
session_member          basic        ok           ok
session_member          business     ok           ok
session_member          enterprise   ok           ok
session_stranger        business     not_found    not_found
"""
ROWS = [line.split() for line in TABLE.strip().splitlines()]
CELLS = [
    pytest.param(credential, plan, method, outcome, id=f"{credential}-{plan}-{method}")
    for credential, plan, read, write in ROWS
    for method, outcome in (("GET", read), ("POST", write), ("DELETE", write))
]


def _with_plan(team, plan):
    team.plan = plan
    team.save(update_fields=["plan"])


def _credential(kind: str, team) -> dict:
    """Request headers (`HTTP_…`) or `{"session": user}` for a kind of credential on `team`.

    Tokens are minted on Business; the caller then moves the team to the plan under test.
    """
    if kind == "none":
        return {}
    if kind == "malformed":
        return {"HTTP_AUTHORIZATION": "Bearer not-a-token"}
    if kind == "bad_checksum":
        code = codes.generate()
        last = "a" if code[-1] != "a" else "b"
        return {"HTTP_AUTHORIZATION": f"Bearer {code[:-1]}{last}"}
    if kind == "unknown":
        return {"HTTP_AUTHORIZATION": f"Bearer {codes.generate()}"}
    if kind in ("session_member", "session_stranger"):
        user = MembershipFactory(team=team if kind == "session_member" else TeamFactory()).user
        return {"session": user}
    if kind.startswith("other_team"):
        other_team = TeamFactory(plan=Plan.BUSINESS)
        token, code = make_token(team=other_team, can_write=True)
        if kind == "other_team_member":
            MembershipFactory(team=team, user=token.user)
        return {"HTTP_AUTHORIZATION": f"Bearer {code}"}

    token, code = make_token(team=team, can_write=kind.startswith("read_write"))
    if kind == "deleted":
        token.delete()
    elif kind == "expired":
        PersonalAccessToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
    elif kind == "inactive_user":
        token.user.is_active = False
        token.user.save(update_fields=["is_active"])
    elif kind == "removed_member":
        Membership.objects.filter(user=token.user, team=team).delete()
    return {"HTTP_AUTHORIZATION": f"Bearer {code}"}


def _client(credential: dict) -> tuple[APIClient, dict]:
    client = APIClient()
    if "session" in credential:
        client.force_login(credential.pop("session"))
    return client, credential


def _assert_outcome(response, method: str, outcome: str) -> None:
    expected_status, challenge, detail = OUTCOMES[outcome]
    if outcome == "ok":
        assert response.status_code == OK_STATUS[method], response.content
        assert "WWW-Authenticate" not in response
        return
    assert response.status_code == expected_status, response.content
    assert response.get("WWW-Authenticate") == challenge
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == expected_status
    if detail is not None:
        assert detail in body["detail"]


@pytest.mark.parametrize(("credential", "plan", "method", "outcome"), CELLS)
def test_gate(credential, plan, method, outcome):
    team = TeamFactory(plan=Plan.BUSINESS)
    client, headers = _client(_credential(credential, team))
    _with_plan(team, plan)

    url = reverse("gate:check", kwargs={"team": team.slug})
    response = getattr(client, method.lower())(url, **headers)

    _assert_outcome(response, method, outcome)


def test_the_table_covers_every_credential_and_plan():
    credentials = {row[0] for row in ROWS}
    assert credentials >= {
        "none",
        "malformed",
        "bad_checksum",
        "unknown",
        "deleted",
        "expired",
        "other_team_member",
        "read_only",
        "read_write",
        "read_write_downgraded",
        "inactive_user",
        "removed_member",
    }
    assert {row[1] for row in ROWS} == set(Plan.values)


@pytest.mark.parametrize(
    ("credential", "plan", "outcome"), [pytest.param(c, p, r, id=f"{c}-{p}") for c, p, r, _ in ROWS]
)
def test_users_me_follows_the_get_column(credential, plan, outcome):
    team = TeamFactory(plan=Plan.BUSINESS)
    client, headers = _client(_credential(credential, team))
    _with_plan(team, plan)

    response = client.get(reverse("api:users-me", kwargs={"team": team.slug}), **headers)

    _assert_outcome(response, "GET", outcome)


# --- Team-less paths: the team is the token's own. ------------------------------------------


def test_team_less_path_uses_the_tokens_own_team():
    team = TeamFactory(plan=Plan.BUSINESS)
    _, code = make_token(team=team, can_write=True)
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {code}")

    response = client.get(reverse("gate:check"))
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"team": team.slug}
    assert client.post(reverse("gate:check")).status_code == HTTPStatus.CREATED


def test_team_less_path_applies_the_scope_and_plan_checks():
    team = TeamFactory(plan=Plan.BUSINESS)
    _, read_code = make_token(team=team)
    _, write_code = make_token(team=team, can_write=True)
    _with_plan(team, Plan.BASIC)

    read_only = APIClient().post(reverse("gate:check"), HTTP_AUTHORIZATION=f"Bearer {read_code}")
    _assert_outcome(read_only, "POST", "read_only")
    downgraded = APIClient().post(reverse("gate:check"), HTTP_AUTHORIZATION=f"Bearer {write_code}")
    _assert_outcome(downgraded, "POST", "plan_no_write")

    _with_plan(team, Plan.FREE)
    free = APIClient().get(reverse("gate:check"), HTTP_AUTHORIZATION=f"Bearer {read_code}")
    _assert_outcome(free, "GET", "free_plan")


def test_team_less_path_refuses_anonymous_requests():
    _assert_outcome(APIClient().get(reverse("gate:check")), "GET", "no_credentials")


def test_team_less_path_asks_a_session_user_for_the_team(member):
    client = APIClient()
    client.force_login(member)

    response = client.get(reverse("gate:check"))

    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["detail"] == TEAM_REQUIRED_MESSAGE


def test_unknown_team_is_not_found_for_a_token():
    _, code = make_token(team=TeamFactory(plan=Plan.BUSINESS))

    response = APIClient().get(
        reverse("gate:check", kwargs={"team": "no-such-team"}), HTTP_AUTHORIZATION=f"Bearer {code}"
    )

    _assert_outcome(response, "GET", "not_found")


# --- A view whose unsafe method is not itself a write (the MCP endpoint) ---------------------


@pytest.mark.parametrize(
    ("can_write", "plan", "refusal"),
    [
        (True, Plan.BUSINESS, None),
        (True, Plan.ENTERPRISE, None),
        (True, Plan.BASIC, NO_WRITE_ACCESS_MESSAGE),
        (False, Plan.BUSINESS, READ_ONLY_TOKEN_MESSAGE),
        (False, Plan.BASIC, READ_ONLY_TOKEN_MESSAGE),
    ],
)
def test_write_access_is_one_rule_for_every_face(can_write, plan, refusal):
    token, _ = make_token(team=TeamFactory(plan=Plan.BUSINESS), can_write=can_write)
    token.team.plan = plan

    assert may_write(token=token, team=token.team) is (refusal is None)
    if refusal is None:
        write_access_check(token=token, team=token.team)
    else:
        with pytest.raises(InsufficientScope) as refused:
            write_access_check(token=token, team=token.team)
        assert (str(refused.value.detail), refused.value.scope) == (refusal, "write_access")


def test_a_view_that_decides_writes_itself_lets_a_read_only_post_through():
    class ReadingPostApi(GateApi):
        writes_by_method = False  # it calls write_access_check for what writes

    _, code = make_token(team=TeamFactory(), can_write=False)

    def post(view):
        request = APIRequestFactory().post("/x", HTTP_AUTHORIZATION=f"Bearer {code}")
        return view.as_view()(request).status_code

    assert post(ReadingPostApi) == HTTPStatus.CREATED
    assert post(GateApi) == HTTPStatus.FORBIDDEN

"""Helpers of the API v2.3 post tests: clients, the v2 error check, created filters, and
the permission table every v2.3 read method is held to."""

from http import HTTPStatus
from urllib.parse import parse_qsl

from rest_framework.test import APIClient

from content.api_v2.filters import filter_create
from teams.plans import Plan
from tests.factories import MembershipFactory, TeamFactory, make_token


def v2_client(code: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_X_API_ACCESS_TOKEN=code)
    return client


def error(response, status: int, name: str) -> str:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["error_name"] == name
    return body["error_message"]


def bad_parameter(response, parameter: str) -> str:
    message = error(response, HTTPStatus.BAD_REQUEST, "bad_parameter")
    assert parameter in message, message
    return message


def made_filter(*include: str, base: str = "default", exclude=()) -> str:
    return filter_create(base=base, include=list(include), exclude=list(exclude), unsafe=False).name


# Cells of the permission table of a read method: who calls → expected status.
CELLS = ("member", "member_with_team", "anonymous", "other_teams_slug", "free_plan")


def permission_cell(cell: str, team, path: str) -> int:
    """Call `path` (its query kept) as `cell` and return the status."""
    path, _, query = path.partition("?")
    if cell == "anonymous":
        return APIClient().get(path, dict(parse_qsl(query))).status_code
    user = MembershipFactory(team=team).user
    _, code = make_token(user=user, team=team)
    client = v2_client(code)
    params = dict(parse_qsl(query))
    if cell == "member_with_team":
        params["team"] = team.slug
    elif cell == "other_teams_slug":
        other = TeamFactory()
        MembershipFactory(team=other, user=user)
        params["team"] = other.slug
    elif cell == "free_plan":
        team.plan = Plan.FREE
        team.save()
    return client.get(path, params).status_code


EXPECTED = {
    "member": HTTPStatus.OK,
    "member_with_team": HTTPStatus.OK,
    "anonymous": HTTPStatus.UNAUTHORIZED,
    "other_teams_slug": HTTPStatus.FORBIDDEN,
    "free_plan": HTTPStatus.FORBIDDEN,
}

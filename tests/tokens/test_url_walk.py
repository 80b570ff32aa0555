"""No API route ships unprotected: walk every URL pattern under /api/ in the real URLconf.

For each route a concrete URL is built (the `team` slug → a real team, int → 1, other
values → "x"); every method must then answer 401 to an anonymous caller, 403 or 404 to a
valid token of another team on that team's path, and 403 `scope="write_access"` to a
read-only token of the team itself for every unsafe method. Routes are found by walking the
resolver, so a new endpoint is covered the day it is added. Public pages are exempted here,
and only here.
"""

import re
import uuid
from http import HTTPStatus

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter
from django.urls.resolvers import RoutePattern
from rest_framework.test import APIClient

from teams.plans import Plan
from tests.factories import MembershipFactory, TeamFactory, make_token
from tokens.routing import TEAM_URL_KWARG

pytestmark = pytest.mark.django_db

# URL names (with or without a namespace) that anyone may fetch: the OpenAPI schemas (v3,
# v2.3), the Swagger UI pages that read them, the 404 of paths that match no operation, and
# the leaked-code report (POST /credentials/revoke: whoever finds a code may kill it, as on
# GitHub; tests/tokens/test_revocation.py). Nothing else is public under /api/.
PUBLIC_URL_NAMES = {
    *("api-schema", "api-docs", "api2-schema", "api2-docs"),
    *("api-not-found", "no-method"),
    "credentials-revoke",
}

METHODS = ("get", "post", "put", "patch", "delete")
V2_PREFIX = "api/2.3/"
UNSAFE_METHODS = ("post", "put", "patch", "delete")
TEAM_PLACEHOLDER = "__team__"


def _api_routes():
    """(url name, kwargs names → converter or None, route) of every pattern under /api/."""
    found = []

    def walk(patterns, prefix: str, namespace: str | None, converters: dict):
        for entry in patterns:
            pattern = entry.pattern
            own = _converters(pattern)
            route = prefix + str(pattern)
            if isinstance(entry, URLResolver):
                ns = namespace
                if entry.namespace:
                    ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry.url_patterns, route, ns, {**converters, **own})
            elif isinstance(entry, URLPattern) and route.lstrip("^").startswith("api/"):
                name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
                found.append((name, entry.name, {**converters, **own}, route))

    walk(get_resolver().url_patterns, "", None, {})
    return found


def _converters(pattern) -> dict:
    if isinstance(pattern, RoutePattern):
        return dict(pattern.converters)
    return dict.fromkeys(pattern.regex.groupindex)  # re_path: named groups, no converter


def _candidates(kwarg: str, converter) -> list:
    if kwarg == TEAM_URL_KWARG:
        return [TEAM_PLACEHOLDER]
    if kwarg == "format":
        return ["json"]
    if isinstance(converter, IntConverter):
        return [1]
    if isinstance(converter, UUIDConverter):
        return [uuid.UUID(int=1)]
    return ["x", 1, "1"]  # str, slug, path, re_path groups, custom converters


def _url(name: str | None, kwargs_spec: dict, route: str, team_slug: str) -> str:
    """A concrete URL for the route: try candidate values until one fits it."""
    attempts = [{}]
    for kwarg, converter in kwargs_spec.items():
        attempts = [
            {**a, kwarg: value} for a in attempts for value in _candidates(kwarg, converter)
        ]
    for kwargs in attempts:
        kwargs = {k: (team_slug if v == TEAM_PLACEHOLDER else v) for k, v in kwargs.items()}
        try:
            if name is not None:
                return reverse(name, kwargs=kwargs)
            return _fill(route, kwargs_spec, kwargs)
        except (NoReverseMatch, ValueError):  # a value the route's converter or regex refuses
            continue
    raise AssertionError(f"cannot build a URL for {route!r}: extend _candidates or name it")


def _fill(route: str, kwargs_spec: dict, kwargs: dict) -> str:
    """An unnamed `path()` route with its `<converter:name>` parts filled in."""
    if route.startswith("^"):
        raise ValueError("an unnamed re_path() cannot be filled in")

    def value(match):
        kwarg = match.group("name")
        converter = kwargs_spec[kwarg]
        text = converter.to_url(kwargs[kwarg])
        if not re.fullmatch(converter.regex, text):
            raise ValueError(f"{text!r} does not fit {route!r}")
        return text

    return "/" + re.sub(r"<(?:\w+:)?(?P<name>\w+)>", value, route)


ROUTES = _api_routes()


def test_the_walk_finds_the_api():
    names = {name for name, *_ in ROUTES}
    assert {"api:me-token", "api:users-me"} <= names
    team_scoped = [r for r in ROUTES if r[0] == "api:users-me" and TEAM_URL_KWARG in r[2]]
    assert len(team_scoped) == 1


@pytest.mark.parametrize(
    ("name", "kwargs_spec", "route"),
    [
        pytest.param(name, spec, route, id=route)
        for name, short_name, spec, route in ROUTES
        if short_name not in PUBLIC_URL_NAMES
    ],
)
def test_api_route_refuses_anonymous_wrong_team_and_read_only_writers(name, kwargs_spec, route):
    team = TeamFactory(plan=Plan.ENTERPRISE)
    url = _url(name, kwargs_spec, route, team.slug)
    team_in_query = route.startswith(V2_PREFIX)  # API v2.3: `?team=<slug>`, as on Stack
    if team_in_query:
        url += f"?{TEAM_URL_KWARG}={team.slug}"

    for method in METHODS:
        response = getattr(APIClient(), method)(url)
        assert response.status_code == HTTPStatus.UNAUTHORIZED, (method, url, response.content)
        assert response["WWW-Authenticate"].startswith('Bearer realm="api"')

    if TEAM_URL_KWARG not in kwargs_spec and not team_in_query:
        return  # team-less: the team is the token's own; there is no wrong team to use
    # A valid read/write token of another team, held by someone who is a member of both
    # (so the route must refuse on the token's team, not merely on membership) ...
    token, code = make_token(team=TeamFactory(plan=Plan.ENTERPRISE), can_write=True)
    MembershipFactory(team=team, user=token.user)
    # ... and one held by someone who is not a member of the team in the URL.
    _, stranger_code = make_token(team=TeamFactory(plan=Plan.ENTERPRISE), can_write=True)
    for credential in (code, stranger_code):
        client = APIClient(HTTP_AUTHORIZATION=f"Bearer {credential}")
        for method in METHODS:
            response = getattr(client, method)(url)
            assert response.status_code in (HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND), (
                method,
                url,
                response.content,
            )

    # The contract for every team-scoped view: a read-only token of the right team
    # cannot write, whatever the view (it is refused before the method is even looked at).
    _, read_only_code = make_token(team=team)
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {read_only_code}")
    for method in UNSAFE_METHODS:
        response = getattr(client, method)(url)
        assert response.status_code == HTTPStatus.FORBIDDEN, (method, url, response.content)
        assert 'scope="write_access"' in response["WWW-Authenticate"]

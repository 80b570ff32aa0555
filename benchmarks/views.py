"""One small list view, served under each authentication the benchmark compares.

Every variant runs the same view body (one query: a page of the team's members); only
`authentication_classes`, `permission_classes` and `throttle_classes` differ.
"""

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.urls import path
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from rest_framework.authentication import TokenAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_api_key.permissions import HasAPIKey

from teams.models import Membership
from tokens import codes, selectors
from tokens.authentication import PersonalAccessTokenAuthentication
from tokens.permissions import TeamAccessPermission
from tokens.throttling import PersonalAccessTokenRateThrottle, _redis_script, rate_limit_settings


class MemberListView(APIView):
    """A page of 20 members of the benchmark team: the same work for every variant."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []

    def get(self, request):
        team = getattr(request, "team", None)
        team_id = team.pk if team is not None else settings.BENCH_TEAM_ID
        rows = list(
            Membership.objects.filter(team_id=team_id)
            .order_by("id")
            .values("id", "user_id", "role", "reputation")[:20]
        )
        return Response({"items": rows, "pageSize": 20})


class SelectOneView(MemberListView):
    """Calibration: the floor plus one bare `SELECT 1` round trip to PostgreSQL, the least
    any authentication that reads the database on every request can cost."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()


class AuthStatementView(MemberListView):
    """Calibration: the floor plus the authentication statement alone: its round trip and
    the decoding of its row, but no model instances, no checks and no permission. The PAT
    row over this one is the Python of authentication; this row over the one-round-trip row
    is the price of what the statement reads (four index probes, 31 columns)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        code = request.META["HTTP_AUTHORIZATION"].partition(" ")[2]
        database = connections[DEFAULT_DB_ALIAS]
        # As authentication fetches it, minus the instances and the checks.
        row = selectors.authentication_query(database).raw_row(database, codes.digest(code))
        if row is None:
            raise SystemExit("the benchmark's token is not in the database")


class RedisPingView(MemberListView):
    """Calibration: the floor plus one Redis `PING`, on the client the rate limit uses."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        client, _ = _redis_script(caches[rate_limit_settings()["CACHE"]])
        client.ping()


def variant(**classes):
    return type("BenchView", (MemberListView,), classes).as_view()


# name -> (view, the Authorization scheme its tokens are sent with)
VARIANTS = {
    "floor": variant(),
    "select-one": SelectOneView.as_view(),
    "auth-statement": AuthStatementView.as_view(),
    "redis-ping": RedisPingView.as_view(),
    "drf-token": variant(
        authentication_classes=[TokenAuthentication], permission_classes=[IsAuthenticated]
    ),
    "knox": variant(
        authentication_classes=[KnoxTokenAuthentication], permission_classes=[IsAuthenticated]
    ),
    "api-key": variant(permission_classes=[HasAPIKey]),
    "pat": variant(
        authentication_classes=[PersonalAccessTokenAuthentication],
        permission_classes=[TeamAccessPermission],
    ),
    "pat-throttle": variant(
        authentication_classes=[PersonalAccessTokenAuthentication],
        permission_classes=[TeamAccessPermission],
        throttle_classes=[PersonalAccessTokenRateThrottle],
    ),
}

urlpatterns = [path(f"bench/{name}", view, name=f"bench-{name}") for name, view in VARIANTS.items()]

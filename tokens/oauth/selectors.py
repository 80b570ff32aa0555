"""Reads of API applications and of the tokens issued to them."""

from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet
from oauth2_provider.models import get_access_token_model, get_application_model

from teams.models import Membership, Team
from tokens.credentials import ApplicationKeyCredential, OAuthAccessCredential

from .models import ApiApplication


def _converters(connection, selected) -> list:
    """The per-column converters the ORM would apply (SQLite's text datetimes, say), for
    the `(alias, field)` pairs a statement selects, in order."""
    converters = []
    for position, (alias, field) in enumerate(selected):
        expression = field.get_col(alias)
        found = connection.ops.get_db_converters(expression)
        found += expression.get_db_converters(connection)
        if found:
            converters.append((position, found, expression))
    return converters


def _converted_row(connection, sql: str, digest: str, converters: list) -> list | None:
    """The statement's one row for this digest, converted as the ORM would; None if none."""
    with connection.cursor() as cursor:
        cursor.execute(sql, [digest])
        row = cursor.fetchone()
    if row is None:
        return None
    row = list(row)
    for position, found, expression in converters:
        for converter in found:
            row[position] = converter(row[position], expression, connection)
    return row


class _AccessTokenQuery:
    """The one statement OAuth authentication runs, written out once per database vendor.

    `SELECT token, application name, user, team, EXISTS(membership) … WHERE
    token_checksum = %s`: one round trip, one unique-index probe on the toolkit's
    `token_checksum` (the SHA-256 of the code: the code itself is never stored) plus
    primary-key probes, and no ORM query building per request (as `tokens/selectors.py`
    does for personal access tokens).
    """

    def __init__(self, connection):
        quote = connection.ops.quote_name
        token = get_access_token_model()._meta
        application = get_application_model()._meta
        api_application = ApiApplication._meta
        user = get_user_model()._meta
        team = Team._meta
        membership = Membership._meta

        def column(meta, name: str) -> str:
            return quote(meta.get_field(name).column)

        token_fields = [token.get_field(name) for name in ("id", "expires", "scope")]
        token_fields.append(token.get_field("application"))
        self.selected = [("t", f) for f in token_fields]
        self.selected.append(("a", application.get_field("name")))
        self.user_fields = list(user.concrete_fields)
        self.team_fields = list(team.concrete_fields)
        self.selected += [("u", f) for f in self.user_fields]
        self.selected += [("tm", f) for f in self.team_fields]
        columns = ", ".join(f"{alias}.{quote(f.column)}" for alias, f in self.selected)
        # Only table and column names from the models are interpolated; the digest is a
        # parameter.
        self.sql = (
            f"SELECT {columns}, EXISTS("  # noqa: S608
            f"SELECT 1 FROM {quote(membership.db_table)} m "
            f"WHERE m.{column(membership, 'user')} = t.{column(token, 'user')} "
            f"AND m.{column(membership, 'team')} = x.{column(api_application, 'team')}) "
            f"FROM {quote(token.db_table)} t "
            f"INNER JOIN {quote(application.db_table)} a "
            f"ON a.{quote(application.pk.column)} = t.{column(token, 'application')} "
            f"INNER JOIN {quote(api_application.db_table)} x "
            f"ON x.{column(api_application, 'application')} = t.{column(token, 'application')} "
            f"INNER JOIN {quote(user.db_table)} u "
            f"ON u.{quote(user.pk.column)} = t.{column(token, 'user')} "
            f"INNER JOIN {quote(team.db_table)} tm "
            f"ON tm.{quote(team.pk.column)} = x.{column(api_application, 'team')} "
            f"WHERE t.{column(token, 'token_checksum')} = %s"
        )
        self.converters = _converters(connection, self.selected)

    def fetch(self, connection, digest: str) -> OAuthAccessCredential | None:
        row = _converted_row(connection, self.sql, digest, self.converters)
        if row is None:
            return None
        token_id, expires, scope, application_id, application_name = row[:5]
        start = 5
        end = start + len(self.user_fields)
        user = get_user_model().from_db(connection.alias, None, row[start:end])
        team = Team.from_db(connection.alias, None, row[end : end + len(self.team_fields)])
        return OAuthAccessCredential(
            id=token_id,
            user=user,
            team=team,
            application_id=application_id,
            application_name=application_name,
            scopes=frozenset(scope.split()),
            expires_at=expires,
            digest=digest,
            is_member=bool(row[-1]),
        )


_queries: dict[str, _AccessTokenQuery] = {}


def access_token_get_for_authentication(*, digest: str) -> OAuthAccessCredential | None:
    """The access token with this digest as a credential (its user, its application's team,
    whether the user is still a member), or None. One statement, read fresh on every call:
    a revoked token, a removed membership or a changed plan shows on the next request."""
    database = connections[DEFAULT_DB_ALIAS]
    query = _queries.get(database.vendor)
    if query is None:
        query = _queries[database.vendor] = _AccessTokenQuery(database)
    return query.fetch(database, digest)


class _KeyQuery:
    """The one statement key authentication runs: the application (by the unique index on
    `key_digest`, only while its key is allowed), its name, its key user and its team."""

    def __init__(self, connection):
        quote = connection.ops.quote_name
        api_application = ApiApplication._meta
        application = get_application_model()._meta
        self.user_fields = list(get_user_model()._meta.concrete_fields)
        self.team_fields = list(Team._meta.concrete_fields)
        selected = [
            ("x", api_application.get_field("id")),
            ("x", api_application.get_field("application")),
            ("a", application.get_field("name")),
            *(("u", f) for f in self.user_fields),
            *(("tm", f) for f in self.team_fields),
        ]
        columns = ", ".join(f"{alias}.{quote(f.column)}" for alias, f in selected)

        def column(name: str) -> str:
            return quote(api_application.get_field(name).column)

        user_table = quote(get_user_model()._meta.db_table)
        # Only table and column names from the models are interpolated; the digest is a
        # parameter.
        self.sql = (
            f"SELECT {columns} FROM {quote(api_application.db_table)} x "  # noqa: S608
            f"INNER JOIN {quote(application.db_table)} a "
            f"ON a.{quote(application.pk.column)} = x.{column('application')} "
            f"INNER JOIN {user_table} u "
            f"ON u.{quote(get_user_model()._meta.pk.column)} = x.{column('key_user')} "
            f"INNER JOIN {quote(Team._meta.db_table)} tm "
            f"ON tm.{quote(Team._meta.pk.column)} = x.{column('team')} "
            f"WHERE x.{column('key_digest')} = %s AND x.{column('key_allowed')}"
        )
        self.converters = _converters(connection, selected)

    def fetch(self, connection, digest: str) -> ApplicationKeyCredential | None:
        row = _converted_row(connection, self.sql, digest, self.converters)
        if row is None:
            return None
        api_application_id, application_id, name = row[:3]
        end = 3 + len(self.user_fields)
        user = get_user_model().from_db(connection.alias, None, row[3:end])
        team = Team.from_db(connection.alias, None, row[end:])
        return ApplicationKeyCredential(
            id=api_application_id,
            user=user,
            team=team,
            application_id=application_id,
            application_name=name,
            digest=digest,
        )


_key_queries: dict[str, _KeyQuery] = {}


def application_key_get_for_authentication(*, digest: str) -> ApplicationKeyCredential | None:
    """The application whose allowed key has this digest, as a credential, or None. One
    statement, fresh on every call: a key turned off or replaced fails the next request."""
    database = connections[DEFAULT_DB_ALIAS]
    query = _key_queries.get(database.vendor)
    if query is None:
        query = _key_queries[database.vendor] = _KeyQuery(database)
    return query.fetch(database, digest)


def api_application_list(*, team: Team) -> QuerySet[ApiApplication]:
    """A team's API applications, newest first, with the toolkit's application row."""
    return team.api_applications.select_related("application")


def api_application_get(*, team: Team, application_id: int) -> ApiApplication | None:
    return api_application_list(team=team).filter(pk=application_id).first()


def authorization_list_for_user(*, user) -> list[dict]:
    """The API applications a user has authorized (a live access or refresh token), one
    entry each: the application, its team, the scopes granted and when, and when access
    ends (None: until revoked)."""
    AccessToken = get_access_token_model()
    tokens = (
        AccessToken.objects.filter(user=user, application__api_application__isnull=False)
        .select_related("application__api_application__team")
        .order_by("-created")
    )
    by_application: dict[int, dict] = {}
    for token in tokens:
        entry = by_application.setdefault(
            token.application_id,
            {
                "application": token.application,
                "team": token.application.api_application.team,
                "scopes": set(),
                "authorized_at": token.created,
                "expires_at": token.expires,
            },
        )
        entry["scopes"].update(token.scope.split())
        entry["expires_at"] = max(entry["expires_at"], token.expires)
    for entry in by_application.values():
        entry["scopes"] = sorted(entry["scopes"])
    return list(by_application.values())

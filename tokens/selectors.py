"""Reads of personal access tokens."""

import hashlib
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DEFAULT_DB_ALIAS, ProgrammingError, connections
from django.db.models import QuerySet, signals
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from psycopg import errors as pg_errors
from psycopg import pq
from psycopg.adapt import Transformer
from psycopg.generators import execute as pg_execute

from teams.models import Membership, Team

from .models import PersonalAccessToken, TeamPolicy

_NOT_PREPARED = object()  # the server connection lacks the prepared statement


class _AuthenticationQuery:
    """The one statement authentication runs, written out once per database vendor.

    `SELECT token, user, team, policy, EXISTS(membership) … WHERE digest = %s`: one round
    trip, one unique-index probe on `digest` plus four primary-key/unique probes (the team's
    token policy is a LEFT JOIN on its primary key, the team), and nothing to
    build per request. The ORM would spend 1 to 2 ms per request composing the same SQL
    (select_related, an Exists() annotation, Meta.ordering for `.first()`); here the SQL
    text and the column converters are made on first use and reused. Rows become model
    instances with the same attributes and state `Model.from_db` gives them (made directly
    when `Model.__init__` would only store the values; timestamps travel as integer
    microseconds on PostgreSQL): about 40 µs less Python per request than the ORM's way.

    On PostgreSQL the statement is also prepared server-side (`PREPARE`/`EXECUTE`), which
    saves its planning (about half a millisecond for the joins) on every request. The name
    is derived from the SQL text, so a statement of that name is this very statement
    whichever client prepared it; a connection that lacks it (a new one, or another server
    connection handed out by a transaction-pooling pgbouncer) gets `PREPARE` and `EXECUTE`
    in one simple-protocol message, which a pooler keeps on one server connection. Nothing
    is remembered client-side, so no pooler can make that memory wrong. Inside a
    transaction (where a failed statement would abort it) the plain statement is sent.
    """

    MISSING_STATEMENT = "26000"  # invalid_sql_statement_name: not prepared here
    DUPLICATE_STATEMENT = "42P05"  # duplicate_prepared_statement: a race, already there
    MISSING_STATEMENT_B = MISSING_STATEMENT.encode()

    def __init__(self, connection):
        self.models = (PersonalAccessToken, get_user_model(), Team, TeamPolicy)
        self.fields = [model._meta.concrete_fields for model in self.models]
        self.attnames = [[field.attname for field in fields] for fields in self.fields]
        # Instances are made as `Model.from_db` makes them, minus `Model.__init__`'s
        # per-field work, when nothing listens to that (no pre/post_init receivers, no
        # descriptor that does more than store the value).
        self.plain = [_plain_model(model) for model in self.models]
        quote = connection.ops.quote_name
        aliases = ("t", "u", "tm", "p")
        # On PostgreSQL with UTC connections, timestamps travel as integer microseconds
        # since the epoch: Django's timestamptz loader parses each one in Python (about
        # 5 µs a column, six columns), while this is one integer and one addition.
        self.epoch = None
        if connection.vendor == "postgresql" and connection.timezone_name == "UTC":
            self.epoch = datetime(1970, 1, 1, tzinfo=connection.timezone)

        def select(alias: str, field) -> str:
            name = f"{alias}.{quote(field.column)}"
            if self.epoch is not None and field.get_internal_type() == "DateTimeField":
                return f"(EXTRACT(EPOCH FROM {name}) * 1000000)::bigint"
            if connection.vendor == "postgresql" and field.get_internal_type() == "JSONField":
                # As text in binary results too: the field's converter parses JSON text.
                return f"{name}::text"
            return name

        columns = [
            select(alias, field)
            for alias, fields in zip(aliases, self.fields, strict=True)
            for field in fields
        ]
        token, user, team, policy = (model._meta for model in self.models)
        membership = Membership._meta

        def column(meta, name: str) -> str:
            return quote(meta.get_field(name).column)

        # Only table and column names from the models are interpolated; the digest is a
        # parameter.
        self.sql = (
            f"SELECT {', '.join(columns)}, EXISTS("  # noqa: S608
            f"SELECT 1 FROM {quote(membership.db_table)} m "
            f"WHERE m.{column(membership, 'user')} = t.{column(token, 'user')} "
            f"AND m.{column(membership, 'team')} = t.{column(token, 'team')}) "
            f"FROM {quote(token.db_table)} t "
            f"INNER JOIN {quote(user.db_table)} u "
            f"ON u.{quote(user.pk.column)} = t.{column(token, 'user')} "
            f"INNER JOIN {quote(team.db_table)} tm "
            f"ON tm.{quote(team.pk.column)} = t.{column(token, 'team')} "
            # The team's token policy, if it has one (a NULL row otherwise).
            f"LEFT OUTER JOIN {quote(policy.db_table)} p "
            f"ON p.{quote(policy.pk.column)} = t.{column(token, 'team')} "
            # The current code, or the code a rotation replaced (during its overlap window,
            # which authentication checks on the row): two unique indexes, one BitmapOr.
            f"WHERE t.{column(token, 'digest')} = %s "
            f"OR t.{column(token, 'previous_digest')} = %s"
        )
        self.placeholders = self.sql.count("%s")
        self.prepared = connection.vendor == "postgresql"
        if self.prepared:
            name = "tspat_auth_" + hashlib.sha256(self.sql.encode()).hexdigest()[:16]
            digest_type = PersonalAccessToken._meta.get_field("digest").db_type(connection)
            self.statement_name = name.encode()
            self.logged_sql = f"EXECUTE {name}($1) -- bound, binary results"
            self.execute_sql = f"EXECUTE {name}(%s)"
            self.prepare_sql = (
                f"PREPARE {name} ({digest_type}) AS {self.sql.replace('%s', '$1')}; "
                f"{self.execute_sql}"
            )
        # The same per-column converters the ORM applies (none on PostgreSQL; SQLite's
        # text datetimes and integer booleans need them).
        self.converters = []
        position = 0
        for alias, fields in zip(aliases, self.fields, strict=True):
            for field in fields:
                expression = field.get_col(alias)
                found = connection.ops.get_db_converters(expression)
                found += expression.get_db_converters(connection)
                if self.epoch is not None and field.get_internal_type() == "DateTimeField":
                    found = [self._from_epoch]
                if found:
                    self.converters.append((position, found, expression))
                position += 1

    def _from_epoch(self, value, expression, connection):
        return None if value is None else self.epoch + timedelta(microseconds=value)

    def _use_prepared(self, connection) -> bool:
        return (
            self.prepared
            and getattr(settings, "PAT_AUTH_PREPARED_STATEMENT", True)
            and not connection.in_atomic_block
        )

    def _bound_row(self, connection, digest: str):
        """Execute the prepared statement at the protocol level: Bind/Execute with the
        digest as its parameter and the row in binary, decoded by psycopg's C loaders.

        The statement's name and the `EXECUTE` of `_row` share one namespace on the server,
        so a statement either of them prepared serves both. Compared with sending the SQL
        `EXECUTE name('…')` through Django's cursor this skips parsing a query on the server
        and the text round trip of 31 columns (about 50 µs a request; docs/PERFORMANCE.md).
        Returns the row, None when no token matches, or `_NOT_PREPARED` when this server
        connection lacks the statement (a new one, or a pooler's other connection): the
        caller then prepares it through `_row`.
        """
        connection.close_if_health_check_failed()
        connection.ensure_connection()
        connection.validate_thread_sharing()
        raw = connection.connection
        pgconn = raw.pgconn
        if pgconn.transaction_status != pq.TransactionStatus.IDLE:
            return _NOT_PREPARED  # psycopg is in a transaction or a pipeline of its own
        logged = connection.queries_logged
        started = time.monotonic() if logged else 0.0
        with connection.wrap_database_errors, raw.lock:
            pgconn.send_query_prepared(
                self.statement_name, [digest.encode()], result_format=pq.Format.BINARY
            )
            (result,) = raw.wait(pg_execute(pgconn))
            if result.status == pq.ExecStatus.TUPLES_OK:
                row = None
                if result.ntuples:
                    transformer = Transformer.from_context(raw)
                    transformer.set_pgresult(result)
                    row = transformer.load_row(0, tuple)
            elif result.error_field(pq.DiagnosticField.SQLSTATE) == self.MISSING_STATEMENT_B:
                return _NOT_PREPARED
            else:
                raise pg_errors.error_from_result(result, encoding=raw.info.encoding)
        if logged:
            duration = time.monotonic() - started
            connection.queries_log.append({"sql": self.logged_sql, "time": f"{duration:.3f}"})
        return row

    def _row(self, cursor, connection, digest: str, *, missing: bool = False):
        """The row through Django's cursor: `EXECUTE` of the prepared statement (after
        `PREPARE` where it is `missing`) or, inside a transaction, the plain statement."""
        if self._use_prepared(connection):
            attempts = (self.prepare_sql, self.execute_sql)
            if not missing:
                attempts = (self.execute_sql, *attempts)
            for sql in attempts:
                try:
                    cursor.execute(sql, [digest])
                except ProgrammingError as exc:
                    state = getattr(exc.__cause__, "sqlstate", None)
                    if state not in (self.MISSING_STATEMENT, self.DUPLICATE_STATEMENT):
                        raise
                    continue
                if sql is self.prepare_sql:
                    cursor.nextset()  # past PREPARE's empty result, to EXECUTE's row
                return cursor.fetchone()
        cursor.execute(self.sql, [digest] * self.placeholders)
        return cursor.fetchone()

    def raw_row(self, connection, digest: str):
        """The statement's row for this digest as the database gave it (None if none): the
        bound prepared statement, else through Django's cursor."""
        prepared = self._use_prepared(connection)
        if prepared:
            row = self._bound_row(connection, digest)
            if row is not _NOT_PREPARED:
                return row
        with connection.cursor() as cursor:
            return self._row(cursor, connection, digest, missing=prepared)

    def fetch(self, connection, digest: str) -> PersonalAccessToken | None:
        row = self.raw_row(connection, digest)
        if row is None:
            return None
        if self.converters:
            row = list(row)
            for position, converters, expression in self.converters:
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
        instances = []
        start = 0
        alias = connection.alias
        for model, attnames, plain in zip(self.models, self.attnames, self.plain, strict=True):
            end = start + len(attnames)
            if model is TeamPolicy and row[start] is None:
                instance = None  # the LEFT JOIN found no policy
            elif plain:
                instance = model.__new__(model)
                instance._state = ModelState()
                instance._state.adding = False
                instance._state.db = alias
                instance.__dict__.update(zip(attnames, row[start:end], strict=True))
            else:
                instance = model.from_db(alias, None, row[start:end])
            instances.append(instance)
            start = end
        token, user, team, policy = instances
        # What select_related("user", "team") would have cached: no query on access.
        PersonalAccessToken.user.field.set_cached_value(token, user)
        PersonalAccessToken.team.field.set_cached_value(token, team)
        token.team_policy = policy  # None: the team has no policy (tokens/policies.py)
        if policy is not None:
            TeamPolicy.team.field.set_cached_value(policy, team)
            Team.token_policy.related.set_cached_value(team, policy)
        token.is_member = bool(row[-1])
        return token


def _plain_model(model) -> bool:
    """Whether `Model.__init__` with every field given positionally does nothing but store
    each value in the instance's `__dict__` (then the selector does that itself)."""
    if signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model):
        return False
    for field in model._meta.concrete_fields:
        descriptor = getattr(model, field.attname, None)
        # A data descriptor does more than store the value, except a foreign key's `_id`,
        # whose setter only forgets a cached related object, which a new instance lacks.
        if hasattr(type(descriptor), "__set__") and type(descriptor) is not (
            ForeignKeyDeferredAttribute
        ):
            return False
    return True


_queries: dict[tuple[str, str], _AuthenticationQuery] = {}


def token_get_for_authentication(*, digest: str) -> PersonalAccessToken | None:
    """The token with this digest, its user and team, and whether the user is still a member.

    One query, read fresh on every call (no cache of validity anywhere): a deleted token,
    a deactivated user, a removed membership or a changed plan shows on the next request.
    `.user` and `.team` are loaded; `is_member` says whether the membership still exists;
    `team_policy` is the team's `TeamPolicy` or None.
    The digest may also be the token's `previous_digest` (a rotated code in its overlap
    window): the caller compares `token.digest` and checks the window.
    """
    database = connections[DEFAULT_DB_ALIAS]  # the `connection` proxy costs a lookup per use
    return authentication_query(database).fetch(database, digest)


def authentication_query(database) -> _AuthenticationQuery:
    """The authentication statement for this database connection, made on first use."""
    key = (database.vendor, database.timezone_name)
    query = _queries.get(key)
    if query is None:
        query = _queries[key] = _AuthenticationQuery(database)
    return query


def token_list_for_user(*, user) -> QuerySet[PersonalAccessToken]:
    """A user's tokens, newest first, with their teams."""
    return PersonalAccessToken.objects.filter(user=user).select_related("team")


def team_policy_list_for_user(*, user) -> list[tuple]:
    """The user's teams by name, each as (team, rules in force, whether the user may change
    its policy): one query (memberships with their teams and policies)."""
    from .policies import rules_for

    memberships = (
        Membership.objects.filter(user=user)
        .select_related("team__token_policy")
        .order_by("team__name", "team__pk")
    )
    found = []
    for membership in memberships:
        team = membership.team
        may_manage = user.is_staff or membership.role == Membership.Role.ADMIN
        found.append((team, rules_for(team), may_manage))
    return found


def token_usage_get(*, token: PersonalAccessToken, today) -> dict:
    """A token's usage history as rolled up: requests per day for the last 90 days (zero
    where none, oldest first) and its latest endpoints with status classes. Two queries."""
    from .models import TokenEndpointUse, TokenUsageDay
    from .usage import ENDPOINTS_KEPT, HISTORY_DAYS, history_days

    start = today - timedelta(days=HISTORY_DAYS - 1)
    rows = dict(
        TokenUsageDay.objects.filter(token=token, day__gte=start, day__lte=today).values_list(
            "day", "requests"
        )
    )
    endpoints = list(
        TokenEndpointUse.objects.filter(token=token).order_by("-last_seen", "-pk")[:ENDPOINTS_KEPT]
    )
    days = history_days(end=today, rows=rows)
    return {"days": days, "total": sum(count for _, count in days), "endpoints": endpoints}

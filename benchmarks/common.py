"""What every benchmark needs: PostgreSQL, a database of its own, Django set up on it."""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}


def require_postgres() -> str:
    """DATABASE_URL, which must name a PostgreSQL server; exit 2 with a clear line if not."""
    import environ

    environ.Env.read_env(Path(__file__).resolve().parent.parent / ".env")  # as settings do
    url = os.environ.get("DATABASE_URL", "")
    if urlsplit(url).scheme not in POSTGRES_SCHEMES:
        sys.stderr.write(
            "The benchmarks need PostgreSQL: set DATABASE_URL=postgres://user@host:5432/name "
            "(the benchmarks create, fill and drop databases of their own on that server, "
            "named teamstack_bench_*).\n"
        )
        raise SystemExit(2)
    return url


def _server():
    """An autocommit connection to the DATABASE_URL server's `postgres` database."""
    import psycopg

    server = urlsplit(require_postgres())
    params = {
        "host": server.hostname or "127.0.0.1",
        "port": server.port or 5432,
        "user": server.username or "postgres",
        "password": server.password,
    }
    params = {key: value for key, value in params.items() if value is not None}
    return psycopg.connect(dbname="postgres", autocommit=True, **params)


def recreate_database(name: str) -> None:
    """Drop and create a benchmark database on the DATABASE_URL server."""
    with _server() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    with _server() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(db_name: str) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ["BENCH_DB_NAME"] = db_name
    import django

    django.setup()


def machine() -> str:
    """One line about the machine and the database server."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    memory = "?"
    try:
        with open("/proc/meminfo") as meminfo:
            kb = int(meminfo.readline().split()[1])
            memory = f"{kb / 1024 / 1024:.0f} GiB"
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPU cores, {memory} memory, PostgreSQL {version}, "
        f"Python {sys.version.split()[0]}"
    )
